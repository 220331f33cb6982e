from .clients import Client, ClientKind, PriceItem, VatRule
from .clocking import Clocking
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
    "Clocking",
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
