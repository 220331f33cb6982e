"""URL routes of the homecare part « attestations » (pages in urlpatterns, API in api_urlpatterns)."""

from django.urls import path

from .. import views_attestations as views

urlpatterns: list = [
    path("attestations-fiscales/", views.attestation_staff, name="attestation_staff"),
    path(
        "attestations-fiscales/executions/<int:pk>/",
        views.attestation_run,
        name="attestation_run",
    ),
    path("attestations-fiscales/<int:pk>/pdf/", views.attestation_pdf, name="attestation_pdf"),
    path(
        "attestations-fiscales/apercu/<int:household_pk>/<int:year>/",
        views.attestation_preview,
        name="attestation_preview",
    ),
    path("mon-foyer/attestations/", views.my_attestations, name="my_attestations"),
    path("mon-foyer/attestations/<int:pk>/", views.my_attestation_pdf, name="my_attestation_pdf"),
]
api_urlpatterns: list = []
