from .clients import Client, ClientKind, PaymentTerms, PriceItem, VatRule
from .clocking import Clocking
from .invoices import (
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    InvoiceStatus,
    InvoiceTransmission,
    Payment,
    PaymentMethod,
    Reminder,
    TransmissionStatus,
)
from .reassign import CancelledAssignment
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
    "CancelledAssignment",
    "Client",
    "ClientKind",
    "Clocking",
    "Invoice",
    "InvoiceLine",
    "InvoiceSequence",
    "InvoiceStatus",
    "InvoiceTransmission",
    "MissionRequest",
    "MonthClosure",
    "Payment",
    "PaymentMethod",
    "PaymentTerms",
    "PayrollNirExport",
    "PriceItem",
    "Reminder",
    "RequestSlot",
    "RequestState",
    "TimeEntry",
    "TimeEntryStatus",
    "TransmissionStatus",
    "VatRule",
]
