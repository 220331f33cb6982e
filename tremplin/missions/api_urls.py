from django.urls import path

from . import api

urlpatterns = [
    path("clients/", api.ClientList.as_view(), name="client-list"),
    path("demandes/", api.RequestList.as_view(), name="request-list"),
    path("affectations/", api.AssignmentListCreate.as_view(), name="assignment-list"),
    path("heures/", api.TimeEntryListCreate.as_view(), name="time-entry-list"),
    path("factures/", api.InvoiceList.as_view(), name="invoice-list"),
    path("planificateur/", api.PlannerRun.as_view(), name="planner-run"),
]
