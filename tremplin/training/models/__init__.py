from .attendance import Attendance, Presence, SignedFrom, TrainerSignature
from .catalogue import Audience, Course
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
    "Course",
    "HalfDay",
    "Part",
    "Presence",
    "Registration",
    "RegistrationStatus",
    "SessionStatus",
    "SignedFrom",
    "TraineeCategory",
    "TrainerSignature",
    "TrainingSession",
]
