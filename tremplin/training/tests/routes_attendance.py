"""Tenancy classification of the routes of the training part « attendance ».

Each structure gets, once per world, a session running today (a half-day from 9:00 to
12:30; the clock is pinned at 10:00) and a past one, each with a trainee it registered and
a trainer of its own (no role of the world: trainers are tried in test_attendance_*). On
the users' own structure the trainee is the employee's account."""

import datetime

from tremplin.common.routes import ALL_ROLES, STAFF, Access, Route

NOBODY = frozenset()
FEDERATION = frozenset({"federation"})
EMPLOYEE = frozenset({"employee"})


class AttendanceObjects:
    def __init__(self, world, structure):
        from tremplin.conftest import pinned_today

        from ..models import Attendance, Presence, SessionStatus
        from .attendance_builders import half_days, make_session, make_trainer, register_staff

        today = pinned_today()
        own = structure.pk == world.own.pk
        trainee = world.user("employee") if own else None
        last = "Martin" if own else "Zorglubesque"
        trainer = make_trainer(email=f"formateur-{structure.pk}@tremplin.test")
        self.session = make_session(days=[today], trainer=trainer, parts=("am",))
        self.half_day = half_days(self.session)[0]
        self.registration = register_staff(self.session, structure, user=trainee, last=last)
        past_day = today - datetime.timedelta(days=7)
        self.past_session = make_session(
            days=[past_day], trainer=trainer, parts=("am",), status=SessionStatus.DONE
        )
        self.past_registration = register_staff(
            self.past_session, structure, user=trainee, last=last
        )
        Attendance.objects.create(
            registration=self.past_registration,
            half_day=half_days(self.past_session)[0],
            presence=Presence.PRESENT,
        )


def objects(world) -> AttendanceObjects:
    key = f"_attendance_objects_{world.other.pk}"
    if key not in world.__dict__:
        world.__dict__[key] = AttendanceObjects(world, world.other)
    return world.__dict__[key]


def _sheet(extra=None):
    def kwargs(world):
        o = objects(world)
        values = {"pk": o.half_day.pk}
        if extra:
            values["registration_pk"] = o.registration.pk
        return values

    return kwargs


ROUTES: dict = {
    "training:my_trainings": Route(
        Access.AUTHENTICATED,
        allowed=ALL_ROLES,
        setup=objects,
        secret=lambda w: "Zorglubesque",
        secret_allowed=NOBODY,
    ),
    "training:my_half_day_sign": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).registration.pk, "half_day_pk": objects(w).half_day.pk},
        allowed=NOBODY,
        own_allowed=EMPLOYEE,
        method="post",
        ok_status=(302,),
    ),
    "training:my_satisfaction": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).past_registration.pk},
        allowed=NOBODY,
        own_allowed=EMPLOYEE,
    ),
    "training:my_self_assessment": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).past_registration.pk, "moment": "after"},
        allowed=NOBODY,
        own_allowed=EMPLOYEE,
    ),
    "training:certificate_pdf": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).past_registration.pk},
        allowed=FEDERATION,
        own_allowed=STAFF | FEDERATION | EMPLOYEE,
    ),
    # Sessions belong to the federation's training service: its staff and the session's
    # trainers, whatever structure registered the trainees.
    "training:session_attendance": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).session.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION,
        secret=lambda w: "Zorglubesque",
    ),
    "training:session_questionnaires": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).past_session.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION,
        secret=lambda w: "Zorglubesque",
        secret_allowed=NOBODY,
    ),
    "training:attendance_sheet": Route(
        Access.SCOPED, kwargs=_sheet(), allowed=FEDERATION, own_allowed=FEDERATION
    ),
    # The trainer's own actions: nobody of the world is the session's trainer.
    "training:attendance_sheet_sign": Route(
        Access.SCOPED, kwargs=_sheet(), allowed=NOBODY, own_allowed=NOBODY, method="post"
    ),
    "training:attendance_room_sign": Route(
        Access.SCOPED, kwargs=_sheet(True), allowed=NOBODY, own_allowed=NOBODY
    ),
    "training:attendance_absence": Route(
        Access.SCOPED, kwargs=_sheet(True), allowed=NOBODY, own_allowed=NOBODY
    ),
    "training:attendance_correct": Route(
        Access.SCOPED, kwargs=_sheet(True), allowed=FEDERATION, own_allowed=FEDERATION
    ),
    "training:structure_attendance": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: "Zorglubesque",
        secret_allowed=NOBODY,
    ),
}
