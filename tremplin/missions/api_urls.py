from django.urls import path

from . import api, api_clocking
from .api_writes import assignments, clients, hours, invoices, prices

urlpatterns = [
    path("clients/", clients.ClientListCreate.as_view(), name="client-list"),
    path("clients/<api_id:pk>/", clients.ClientDetail.as_view(), name="client-detail"),
    path(
        "clients/<api_id:pk>/delai-de-paiement/",
        clients.ClientPaymentTerms.as_view(),
        name="client-payment-terms",
    ),
    path("structures/<api_id:pk>/tarifs/", prices.PriceList.as_view(), name="price-list"),
    path("demandes/", clients.RequestListCreate.as_view(), name="request-list"),
    path(
        "demandes/<api_id:pk>/creneaux/",
        clients.RequestSlotAdd.as_view(),
        name="request-slot-add",
    ),
    path(
        "demandes/<api_id:pk>/affectations/",
        assignments.AssignmentBatch.as_view(),
        name="request-assignments",
    ),
    path("demandes/<api_id:pk>/cloture/", clients.RequestClose.as_view(), name="request-close"),
    path("a-reaffecter/", assignments.ToReassignList.as_view(), name="to-reassign-list"),
    path(
        "a-reaffecter/<api_id:pk>/abandon/",
        assignments.ToReassignDismiss.as_view(),
        name="to-reassign-dismiss",
    ),
    path("affectations/", api.AssignmentListCreate.as_view(), name="assignment-list"),
    path(
        "affectations/<api_id:pk>/",
        clients.AssignmentDetail.as_view(),
        name="assignment-detail",
    ),
    path("heures/", api.TimeEntryListCreate.as_view(), name="time-entry-list"),
    path(
        "heures/validation/",
        hours.TimeEntriesValidate.as_view(),
        name="time-entry-validate",
    ),
    path("heures/cloture/", hours.MonthClose.as_view(), name="month-close"),
    path("factures/", api.InvoiceList.as_view(), name="invoice-list"),
    path("factures/brouillons/", invoices.InvoiceDrafts.as_view(), name="invoice-drafts"),
    path(
        "factures/emission-du-mois/",
        invoices.InvoicesIssueMonth.as_view(),
        name="invoices-issue-month",
    ),
    path("factures/<api_id:pk>/", invoices.InvoiceDetail.as_view(), name="invoice-detail"),
    path("factures/<api_id:pk>/emission/", invoices.InvoiceIssue.as_view(), name="invoice-issue"),
    path(
        "factures/<api_id:pk>/avoir/",
        invoices.InvoiceCreditNote.as_view(),
        name="invoice-credit-note",
    ),
    path(
        "factures/<api_id:pk>/paiements/",
        invoices.InvoicePayment.as_view(),
        name="invoice-payment",
    ),
    path(
        "factures/<api_id:pk>/relance/",
        invoices.InvoiceReminder.as_view(),
        name="invoice-reminder",
    ),
    path(
        "factures/<api_id:pk>/transmission/",
        invoices.InvoiceTransmit.as_view(),
        name="invoice-transmit",
    ),
    path("factures/<api_id:pk>/pdf/", invoices.InvoicePdf.as_view(), name="invoice-pdf"),
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
