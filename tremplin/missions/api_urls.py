from django.urls import path

from . import api, api_clocking, api_writes

urlpatterns = [
    path("clients/", api_writes.ClientListCreate.as_view(), name="client-list"),
    path(
        "clients/<api_id:pk>/delai-de-paiement/",
        api_writes.ClientPaymentTerms.as_view(),
        name="client-payment-terms",
    ),
    path("demandes/", api_writes.RequestListCreate.as_view(), name="request-list"),
    path(
        "demandes/<api_id:pk>/creneaux/",
        api_writes.RequestSlotAdd.as_view(),
        name="request-slot-add",
    ),
    path("demandes/<api_id:pk>/cloture/", api_writes.RequestClose.as_view(), name="request-close"),
    path("affectations/", api.AssignmentListCreate.as_view(), name="assignment-list"),
    path(
        "affectations/<api_id:pk>/",
        api_writes.AssignmentDetail.as_view(),
        name="assignment-detail",
    ),
    path("heures/", api.TimeEntryListCreate.as_view(), name="time-entry-list"),
    path(
        "heures/validation/",
        api_writes.TimeEntriesValidate.as_view(),
        name="time-entry-validate",
    ),
    path("heures/cloture/", api_writes.MonthClose.as_view(), name="month-close"),
    path("factures/", api.InvoiceList.as_view(), name="invoice-list"),
    path("factures/brouillons/", api_writes.InvoiceDrafts.as_view(), name="invoice-drafts"),
    path(
        "factures/emission-du-mois/",
        api_writes.InvoicesIssueMonth.as_view(),
        name="invoices-issue-month",
    ),
    path("factures/<api_id:pk>/", api_writes.InvoiceDetail.as_view(), name="invoice-detail"),
    path("factures/<api_id:pk>/emission/", api_writes.InvoiceIssue.as_view(), name="invoice-issue"),
    path(
        "factures/<api_id:pk>/avoir/",
        api_writes.InvoiceCreditNote.as_view(),
        name="invoice-credit-note",
    ),
    path(
        "factures/<api_id:pk>/paiements/",
        api_writes.InvoicePayment.as_view(),
        name="invoice-payment",
    ),
    path(
        "factures/<api_id:pk>/relance/",
        api_writes.InvoiceReminder.as_view(),
        name="invoice-reminder",
    ),
    path("factures/<api_id:pk>/pdf/", api_writes.InvoicePdf.as_view(), name="invoice-pdf"),
    path("planificateur/", api.PlannerRun.as_view(), name="planner-run"),
    path(
        "affectations/<api_id:pk>/pointage-arrivee/",
        api_clocking.AssignmentClockIn.as_view(),
        name="assignment-clock-in",
    ),
    path(
        "affectations/<api_id:pk>/pointage-depart/",
        api_clocking.AssignmentClockOut.as_view(),
        name="assignment-clock-out",
    ),
    path(
        "affectations/<api_id:pk>/heures/",
        api_clocking.AssignmentOwnHours.as_view(),
        name="assignment-own-hours",
    ),
]
