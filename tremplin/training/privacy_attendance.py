"""The class of data of the attendance part's personal fields (accounts.privacy): the
trainee's answers to the questionnaires and the corrections of a locked sheet."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import AttendanceCorrection, SatisfactionAnswer, SelfAssessment

_KEYS = ("id", "created_at", "updated_at", "registration")

declare(
    SatisfactionAnswer,
    {
        **dict.fromkeys((*_KEYS, "content", "methods", "trainer", "organisation"), C.WORK),
        # Free text: the trainee may write anything of themself.
        "comment": C.NOTES,
    },
)
declare(SelfAssessment, dict.fromkeys((*_KEYS, "moment", "level"), C.WORK))
declare(
    AttendanceCorrection,
    {
        **dict.fromkeys(
            (
                "id",
                "attendance",
                "corrected_by",
                "corrected_at",
                "presence_before",
                "presence_after",
            ),
            C.WORK,
        ),
        "note": C.NOTES,
    },
)
