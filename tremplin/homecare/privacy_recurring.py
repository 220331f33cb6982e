"""The class of data of the recurring interventions' fields (accounts.privacy). Who comes
and when is work data (the household sees it); why a date could not be planned may name a
contract or a PASS: path data, the staff only."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import Absence, Occurrence, RecurringPattern

_KEYS = ("id", "created_at", "updated_at")

declare(
    RecurringPattern,
    {
        **dict.fromkeys((*_KEYS, "structure", "household", "request", "created_by"), C.IDENTITY),
        **dict.fromkeys(
            (
                "service",
                "person",
                "frequency",
                "weekdays",
                "start_time",
                "end_time",
                "starts_on",
                "ends_on",
                "skip_holidays",
            ),
            C.WORK,
        ),
    },
)
declare(
    Occurrence,
    {
        **dict.fromkeys((*_KEYS, "pattern"), C.IDENTITY),
        **dict.fromkeys(
            (
                "date",
                "status",
                "assignment",
                "holiday_name",
                "is_replacement",
                "cancelled_by",
                "cancelled_at",
                "within_notice",
            ),
            C.WORK,
        ),
        "problem": C.PATH,
    },
)
declare(
    Absence,
    {
        **dict.fromkeys((*_KEYS, "structure", "person", "created_by"), C.IDENTITY),
        **dict.fromkeys(("starts_on", "ends_on"), C.WORK),
    },
)
