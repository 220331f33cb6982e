from .clients import Client, ClientKind, PriceItem, VatRule
from .invoices import (
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    Reminder,
)
from .work import (
    Assignment,
    MissionRequest,
    MonthClosure,
    PayrollNirExport,
    RequestSlot,
    RequestState,
    TimeEntry,
    TimeEntryStatus,
)

__all__ = [
    "Assignment",
    "Client",
    "ClientKind",
    "Invoice",
    "InvoiceLine",
    "InvoiceSequence",
    "InvoiceStatus",
    "MissionRequest",
    "MonthClosure",
    "Payment",
    "PaymentMethod",
    "PayrollNirExport",
    "PriceItem",
    "Reminder",
    "RequestSlot",
    "RequestState",
    "TimeEntry",
    "TimeEntryStatus",
    "VatRule",
]
