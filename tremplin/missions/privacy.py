"""The class of data of the personal fields of missions (accounts.privacy).

Assignments and time entries say who worked where and how long: work data, seen by the
structure's staff and by the employee themselves. The NIR the payroll file may carry is the
person's (people/privacy.py), given only with the permission `payroll_carries_nir`."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import Assignment, CancelledAssignment, Clocking, TimeEntry

declare(
    Assignment,
    dict.fromkeys(
        (
            "id",
            "request",
            "person",
            "date",
            "start_time",
            "end_time",
            "hours",
            "created_by",
            "created_at",
            "updated_at",
        ),
        C.WORK,
    ),
)
declare(
    TimeEntry,
    dict.fromkeys(
        (
            "id",
            "structure",
            "person",
            "client",
            "assignment",
            "date",
            "hours",
            "status",
            "entered_by",
            "validated_by",
            "invoice",
            "created_at",
            "updated_at",
        ),
        C.WORK,
    ),
)
declare(
    Clocking,
    dict.fromkeys(
        (
            "id",
            "structure",
            "person",
            "assignment",
            "clocked_in_at",
            "clocked_out_at",
            "time_entry",
            "created_at",
            "updated_at",
        ),
        C.WORK,
    ),
)
declare(
    CancelledAssignment,
    dict.fromkeys(
        (
            "id",
            "request",
            "person",
            "date",
            "start_time",
            "end_time",
            "reason",
            "cancelled_by",
            "closed_at",
            "closed_by",
            "reassigned_to",
            "created_at",
            "updated_at",
        ),
        C.WORK,
    ),
)
