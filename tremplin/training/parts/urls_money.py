"""The training routes of the part « money »: pages (namespace « training ») and API (namespace « api »)."""

from django.urls import path

from .. import views_money as views

urlpatterns: list = [
    path(
        "formation/inscriptions/<int:pk>/financements/",
        views.registration_funding,
        name="registration_funding",
    ),
    path(
        "formation/financements/<int:pk>/supprimer/",
        views.funding_delete,
        name="funding_delete",
    ),
    path("formation/factures/", views.invoice_list, name="invoice_list"),
    path("formation/factures/preparer/", views.invoice_draft, name="invoice_draft"),
    path("formation/factures/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("formation/factures/<int:pk>/emettre/", views.invoice_issue, name="invoice_issue"),
    path("formation/factures/<int:pk>/supprimer/", views.invoice_discard, name="invoice_discard"),
    path("formation/factures/<int:pk>/avoir/", views.invoice_credit, name="invoice_credit"),
    path("formation/factures/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("formation/bpf/", views.bpf, name="bpf"),
    path("formation/qualiopi/", views.qualiopi, name="qualiopi"),
    path("formation/reclamations/", views.complaint_list, name="complaint_list"),
]
api_urlpatterns: list = []
