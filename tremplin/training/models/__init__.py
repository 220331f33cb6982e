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
    "Audience",
    "Course",
    "HalfDay",
    "Part",
    "Registration",
    "RegistrationStatus",
    "SessionStatus",
    "TraineeCategory",
    "TrainingSession",
]
