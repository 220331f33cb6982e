"""The class of data of the training app's personal fields (accounts.privacy).

A registration is what a structure transmits to the federation's training service to
register someone: a name, an e-mail, whether they are staff or in an insertion path. The
training service (federation staff, the session's trainers) works with that copy; it never
reads the person's file, whose fields stay under the structure's policy. Each part declares
its own personal models here or in privacy_<part>.py."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import Attendance, Registration

declare(
    Registration,
    {
        **dict.fromkeys(
            ("id", "created_at", "updated_at", "person", "trainee_user", "first_name", "last_name"),
            C.IDENTITY,
        ),
        "email": C.CONTACT,
        # « In an insertion path » tells of the person's path.
        "category": C.PATH,
        **dict.fromkeys(
            (
                "session",
                "structure",
                "status",
                "waiting_rank",
                "replaces",
                "cancelled_on",
                "registered_by",
            ),
            C.WORK,
        ),
        # The training's action on the person's path (catalogue part).
        "path_action": C.PATH,
    },
)
declare(
    Attendance,
    {
        **dict.fromkeys(
            (
                "id",
                "created_at",
                "updated_at",
                "registration",
                "half_day",
                "presence",
                "signed_at",
                "signed_from",
                "recorded_by",
            ),
            C.WORK,
        ),
        # Free text: « malade », « rendez-vous au tribunal »…
        "absence_reason": C.NOTES,
    },
)
