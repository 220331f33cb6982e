from .attendance import Attendance, AttendanceCorrection, Presence, SignedFrom, TrainerSignature
from .catalogue import Audience, Course
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
    "Course",
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
    "TrainingSession",
]
