from django.urls import path

from . import api, api_clocking

urlpatterns = [
    path("clients/", api.ClientList.as_view(), name="client-list"),
    path("demandes/", api.RequestList.as_view(), name="request-list"),
    path("affectations/", api.AssignmentListCreate.as_view(), name="assignment-list"),
    path("heures/", api.TimeEntryListCreate.as_view(), name="time-entry-list"),
    path("factures/", api.InvoiceList.as_view(), name="invoice-list"),
    path("planificateur/", api.PlannerRun.as_view(), name="planner-run"),
    path(
        "affectations/<int:pk>/pointage-arrivee/",
        api_clocking.AssignmentClockIn.as_view(),
        name="assignment-clock-in",
    ),
    path(
        "affectations/<int:pk>/pointage-depart/",
        api_clocking.AssignmentClockOut.as_view(),
        name="assignment-clock-out",
    ),
]
