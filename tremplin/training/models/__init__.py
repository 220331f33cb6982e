from .attendance import Attendance, AttendanceCorrection, Presence, SignedFrom, TrainerSignature
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
from .questionnaires import Level4, Moment, SatisfactionAnswer, SelfAssessment
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
    "AttendanceCorrection",
    "Audience",
    "Complaint",
    "ComplaintSource",
    "Course",
    "FederationInvoiceSequence",
    "Funder",
    "Funding",
    "HalfDay",
    "Level4",
    "Moment",
    "Part",
    "Presence",
    "Registration",
    "RegistrationStatus",
    "SatisfactionAnswer",
    "SelfAssessment",
    "SessionStatus",
    "SignedFrom",
    "TraineeCategory",
    "TrainerSignature",
    "TrainingInvoice",
    "TrainingInvoiceLine",
    "TrainingInvoiceStatus",
    "TrainingSession",
]
