"""Tenancy classification of the routes of the training part « catalogue »."""

import datetime

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today

FEDERATION = frozenset({"federation"})
REGISTERING = frozenset({"director", "conseiller"})
NOBODY = frozenset()
TRAINEE = "Zorglubine"


class CatalogueObjects:
    """A published course, a coming session, and a registration of the structure."""

    def __init__(self, world, structure):
        from tremplin.training.models import Course, Registration

        from .catalogue_builders import make_course, make_session

        # A copy of the world (dataclasses.replace) builds again: one course per structure.
        code = f"course-{structure.pk}"
        self.course = Course.objects.filter(code=code).first() or make_course(
            code=code, title=f"Cours {structure.pk}"
        )
        self.session = make_session(
            world.user("federation"),
            self.course,
            pinned_today() + datetime.timedelta(days=30),
        )
        self.registration = Registration.objects.create(
            session=self.session,
            structure=structure,
            category="staff",
            first_name="Ursule",
            last_name=f"{TRAINEE}{structure.pk}",
            email=f"ursule{structure.pk}@example.org",
        )


def objects(world) -> CatalogueObjects:
    cache = world.__dict__.setdefault("_catalogue_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = CatalogueObjects(world, world.other)
    return cache[world.other.pk]


def _service(attribute=None, **extra):
    if attribute:
        extra["kwargs"] = lambda w: {"pk": getattr(objects(w), attribute).pk}
    return Route(Access.AUTHENTICATED, allowed=FEDERATION, setup=objects, **extra)


def _registration(**extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": objects(w).registration.pk},
        allowed=NOBODY,
        own_allowed=REGISTERING,
        **extra,
    )


ROUTES: dict = {
    "training:catalogue": Route(Access.PUBLIC, setup=objects),
    "training:course_detail": Route(
        Access.PUBLIC, setup=objects, kwargs=lambda w: {"pk": objects(w).course.pk}
    ),
    "training:course_create": _service(),
    "training:course_edit": _service("course"),
    "training:session_list": _service(),
    "training:session_create": _service(),
    "training:session_detail": _service(
        "session", secret=lambda w: f"{TRAINEE}{w.other.pk}", secret_allowed=FEDERATION
    ),
    "training:session_edit": _service("session"),
    "training:session_cancel": _service("session", method="post", ok_status=(302,)),
    "training:session_status": _service(
        "session", method="post", data=lambda w: {"status": "confirmed"}, ok_status=(302,)
    ),
    "training:registration_create": Route(
        Access.AUTHENTICATED,
        allowed=REGISTERING,
        kwargs=lambda w: {"pk": objects(w).session.pk},
        setup=objects,
    ),
    "training:registration_list": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: f"{TRAINEE}{w.other.pk}",
        secret_allowed=NOBODY,
    ),
    "training:registration_cancel": _registration(method="post", ok_status=(302,)),
    "training:registration_replace": _registration(),
}
