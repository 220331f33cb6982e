from .attendance import Attendance, Presence, SignedFrom, TrainerSignature
from .catalogue import Audience, Course
from .money import (
    Complaint,
    ComplaintSource,
    FederationInvoiceSequence,
    Funder,
    Funding,
    TrainingInvoice,
    TrainingInvoiceLine,
    TrainingInvoiceStatus,
)
from .sessions import (
    HalfDay,
    Part,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TraineeCategory,
    TrainingSession,
)

__all__ = [
    "Attendance",
    "Audience",
    "Complaint",
    "ComplaintSource",
    "Course",
    "FederationInvoiceSequence",
    "Funder",
    "Funding",
    "HalfDay",
    "Part",
    "Presence",
    "Registration",
    "RegistrationStatus",
    "SessionStatus",
    "SignedFrom",
    "TraineeCategory",
    "TrainerSignature",
    "TrainingInvoice",
    "TrainingInvoiceLine",
    "TrainingInvoiceStatus",
    "TrainingSession",
]
