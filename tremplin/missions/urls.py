from django.urls import path

from . import employee_views, invoice_views
from .views import clients, hours, planning, prices, reassign, requests

app_name = "missions"
urlpatterns = [
    path("clients/", clients.client_list, name="client_list"),
    path("clients/nouveau/", clients.client_create, name="client_create"),
    path("clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("clients/<int:pk>/modifier/", clients.client_edit, name="client_edit"),
    path(
        "clients/<int:pk>/delai-de-paiement/",
        invoice_views.client_payment_terms,
        name="client_payment_terms",
    ),
    path("clients/<int:pk>/demande/", clients.request_create, name="request_create"),
    path("demandes/<int:pk>/", requests.request_detail, name="request_detail"),
    path("planning/", planning.week, name="week"),
    path("planning/proposition/", planning.week_proposal, name="week_proposal"),
    path(
        "planning/affectations/<int:pk>/retirer/",
        planning.assignment_delete,
        name="assignment_delete",
    ),
    path("planning/a-reaffecter/", reassign.reassign_list, name="reassign_list"),
    path(
        "planning/a-reaffecter/<int:pk>/laisser/",
        reassign.reassign_dismiss,
        name="reassign_dismiss",
    ),
    path("heures/", hours.hours_month, name="hours"),
    path("tarifs/", prices.price_list, name="price_list"),
    path("mon-espace/", employee_views.my_week, name="my_week"),
    path("mon-espace/missions-passees/", employee_views.my_past, name="my_past"),
    path("mon-espace/missions/<int:pk>/heures/", employee_views.my_hours, name="my_hours"),
    path("mon-espace/missions/<int:pk>/arrivee/", employee_views.my_clock_in, name="my_clock_in"),
    path("mon-espace/missions/<int:pk>/depart/", employee_views.my_clock_out, name="my_clock_out"),
    path("mon-espace/documents/", employee_views.my_documents, name="my_documents"),
    path("mon-espace/mes-donnees/", employee_views.my_data, name="my_data"),
    path("heures/paie.csv", hours.payroll_export, name="payroll_export"),
    path("factures/", invoice_views.invoice_list, name="invoice_list"),
    path("factures/<int:pk>/", invoice_views.invoice_detail, name="invoice_detail"),
    path("factures/<int:pk>/emettre/", invoice_views.invoice_issue, name="invoice_issue"),
    path("factures/<int:pk>/pdf/", invoice_views.invoice_pdf, name="invoice_pdf"),
]
