"""Tenancy classification of the people routes (see common/tests/test_tenancy.py).

Scoped routes are requested on a person of another structure (nobody may open it) and on a
person of the users' own structure (staff read; directors and counsellors write)."""

import datetime

from tremplin.common.routes import ALL_ROLES, STAFF, Access, Route
from tremplin.conftest import pinned_today
from tremplin.people.models import (
    Approval,
    Barrier,
    CommitmentContract,
    Contract,
    Exit,
    Person,
    ProlongationRequest,
)

WRITERS = frozenset({"director", "conseiller"})
NOBODY = frozenset()


class PathObjects:
    """A person with one of everything, in `world.other` (made once per world)."""

    def __init__(self, structure):
        today = pinned_today()
        self.person = Person.objects.create(
            structure=structure,
            last_name="Zorglubien",
            first_names="Personne",
            sex="F",
            birth_date=datetime.date(1980, 1, 1),
            search_name="zorglubien",
        )
        self.approval = Approval.objects.create(
            person=self.person,
            number=f"99999{structure.pk:07d}",
            start_date=today,
            end_date=today + datetime.timedelta(days=700),
        )
        self.contract = Contract.objects.create(
            person=self.person,
            structure=structure,
            kind="cddi",
            start_date=today,
            planned_end_date=today + datetime.timedelta(days=200),
            weekly_hours=26,
        )
        self.barrier = Barrier.objects.create(
            person=self.person, category="mobility", identified_on=today
        )
        self.commitment = CommitmentContract.objects.create(
            person=self.person, signed_on=today, goals="x"
        )
        self.exit = Exit.objects.create(person=self.person, exit_date=today)
        self.request = ProlongationRequest.objects.create(
            approval=self.approval,
            reason="senior",
            end_date=today + datetime.timedelta(days=900),
            prescriber="x",
            requested_on=today,
        )


def import_job_of(world):
    from django.core.files.base import ContentFile

    from tremplin.people.models import ImportJob

    job = ImportJob(structure=world.other, user=world.user("federation"), original_name="x.csv")
    job.file.save("x.csv", ContentFile(b"nom"), save=False)
    job.save()
    return job


def path(world) -> PathObjects:
    if "_path_objects" not in world.__dict__:
        world.__dict__["_path_objects"] = PathObjects(world.other)
    return world.__dict__["_path_objects"]


def on_person(allowed_own=WRITERS):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": path(w).person.pk},
        allowed=NOBODY,
        own_allowed=allowed_own,
    )


def on(attribute):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(path(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=WRITERS,
    )


ROUTES = {
    "people:person_list": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=path,
        secret=lambda w: "Zorglubien",
        secret_allowed=NOBODY,
    ),
    "people:person_create": Route(Access.AUTHENTICATED, allowed=WRITERS),
    "people:person_import": Route(Access.AUTHENTICATED, allowed=WRITERS),
    "people:person_export": Route(
        Access.AUTHENTICATED,
        allowed=WRITERS,
        setup=path,
        secret=lambda w: "Zorglubien",
        secret_allowed=NOBODY,
    ),
    "people:import_job": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": import_job_of(w).pk},
        allowed=NOBODY,
        own_allowed=STAFF,
    ),
    "people:work_list": Route(Access.AUTHENTICATED, allowed=STAFF),
    "people:rules_table": Route(Access.AUTHENTICATED, allowed=ALL_ROLES),
    "people:person_detail": on_person(allowed_own=STAFF),
    "people:person_edit": on_person(),
    "people:person_history": on_person(),
    # The access log: the director only, of their own structure (rules.LOG_READERS).
    "people:person_consultations": on_person(allowed_own=frozenset({"director"})),
    "people:access_log": Route(Access.AUTHENTICATED, allowed=frozenset({"director"})),
    # The right of access: the person's whole file, for directors and counsellors.
    "people:person_data_export": on_person(),
    "people:diagnosis_create": on_person(),
    "people:approval_create": on_person(),
    "people:contract_create": on_person(),
    "people:interview_create": on_person(),
    "people:barrier_create": on_person(),
    "people:action_create": on_person(),
    "people:commitment_create": on_person(),
    "people:exit_create": on_person(),
    "people:employee_record": on_person(),
    "people:suspension_create": on("approval"),
    "people:prolongation_create": on("approval"),
    "people:prolongation_request_create": on("approval"),
    "people:prolongation_request_decide": on("request"),
    "people:contract_renew": on("contract"),
    "people:contract_end": on("contract"),
    "people:barrier_status": on("barrier"),
    "people:commitment_review": on("commitment"),
    "people:exit_reason": on("exit"),
}

ROUTES.update(
    {
        name: Route(
            Access.AUTHENTICATED, allowed=ALL_ROLES, secret=lambda w: path(w).person.last_name
        )
        for name in (
            "api:person-list",
            "api:diagnosis-list",
            "api:approval-list",
            "api:suspension-list",
            "api:prolongation-list",
            "api:prolongation-request-list",
            "api:contract-list",
            "api:interview-list",
            "api:commitment-list",
            "api:barrier-list",
            "api:action-list",
            "api:exit-list",
        )
    }
)
ROUTES["api:person-detail"] = Route(
    Access.SCOPED, kwargs=lambda w: {"pk": path(w).person.pk}, allowed=NOBODY, own_allowed=STAFF
)
ROUTES["api:approval-detail"] = Route(
    Access.SCOPED, kwargs=lambda w: {"pk": path(w).approval.pk}, allowed=NOBODY, own_allowed=STAFF
)
ROUTES["api:contract-detail"] = Route(
    Access.SCOPED, kwargs=lambda w: {"pk": path(w).contract.pk}, allowed=NOBODY, own_allowed=STAFF
)


def api_action(attribute, data, ok_status=(200,)):
    """A POST of the API on one row of the path: nobody on another structure's; directors
    and counsellors on their own."""
    return Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {"pk": getattr(path(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=WRITERS,
        data=data,
        ok_status=ok_status,
    )


def _in_days(days):
    return (pinned_today() + datetime.timedelta(days=days)).isoformat()


ROUTES["api:contract-renewal"] = api_action(
    "contract",
    lambda w: {"new_end_date": _in_days(300), "signed_on": pinned_today().isoformat()},
)
# The path's contract has no author (made without the service): the service's full_clean
# refuses it with a French 400 — past the tenancy, which is what is tested here.
ROUTES["api:contract-early-end"] = api_action(
    "contract", lambda w: {"end_date": _in_days(10), "reason": "resignation"}, ok_status=(200, 400)
)
# What an exit or an early end would cancel: asked by who may record them, on their own.
for _name, _attribute in (
    ("api:person-exit-later-work", "person"),
    ("api:contract-later-work", "contract"),
):
    ROUTES[_name] = Route(
        Access.SCOPED,
        kwargs=lambda w, a=_attribute: {"pk": getattr(path(w), a).pk},
        allowed=NOBODY,
        own_allowed=WRITERS,
        data=lambda w: {"date": pinned_today().isoformat()},
    )
ROUTES["api:barrier-status"] = api_action(
    "barrier", lambda w: {"status": "in_progress", "date": pinned_today().isoformat()}
)
ROUTES["api:commitment-review"] = api_action(
    "commitment", lambda w: {"date": pinned_today().isoformat(), "notes": "Bilan"}
)
ROUTES["api:exit-reason"] = api_action("exit", lambda w: {"reason": "CDI"})
ROUTES["api:prolongation-request-decision"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": path(w).request.pk},
    allowed=NOBODY,
    data=lambda w: {"accepted": "false", "decided_on": pinned_today().isoformat()},
    own_allowed=WRITERS,
)


# --- Field-level walk (accounts/tests/test_privacy_walk.py) ----------------------------------

MARKED_NIR = "180017512345660"  # a valid NIR: key 60 = 97 − (1800175123456 mod 97)
NOTE = "ZZNOTE"


def _days(day: datetime.date) -> list[str]:
    return [day.isoformat(), day.strftime("%d/%m/%Y")]


def mark(world) -> dict[str, list[str]]:
    """Give the path of `path(world)` one distinctive value per class of data, and say which
    strings betray each class (accounts.privacy); the walk asserts that none reaches a role
    that may not see its class."""
    from django.utils import translation

    from tremplin.people.models import (
        BarrierStatusChange,
        CommitmentReview,
        Criterion,
        Diagnosis,
        DiagnosisCriterion,
        Interview,
        ProlongationReason,
        Suspension,
    )

    objects = path(world)
    today = pinned_today()
    person = objects.person
    rsa, ass, aah = (
        datetime.date(1999, 3, 17),
        datetime.date(1997, 5, 19),
        datetime.date(1998, 4, 13),
    )
    person.nir, person.rsa_since, person.ass_since, person.aah_since = MARKED_NIR, rsa, ass, aah
    person.rqth, person.leaving_detention, person.refugee = True, True, True
    person.save()
    diagnosis = Diagnosis.objects.create(
        person=person, author_kind="prescriber", author_name="x", made_on=today, expires_on=today
    )
    for code in ("l1_aah", "l2_rqth", "l2_detention", "l2_refugee"):
        DiagnosisCriterion.objects.create(diagnosis=diagnosis, criterion=code)
    Suspension.objects.create(
        approval=objects.approval,
        start_date=today,
        end_date=today,
        reason="sickness",
        structure=person.structure,
    )
    objects.request.reason, objects.request.decision_note = "rqth", f"{NOTE}-decision"
    objects.request.save()
    objects.contract.extension_ground = "rqth"
    objects.contract.save()
    objects.barrier.category, objects.barrier.notes = "health", f"{NOTE}-barrier"
    objects.barrier.save()
    BarrierStatusChange.objects.create(
        barrier=objects.barrier, status="identified", date=today, note=f"{NOTE}-change"
    )
    Interview.objects.create(person=person, date=today, kind="review", notes=f"{NOTE}-interview")
    objects.commitment.goals = f"{NOTE}-goals"
    objects.commitment.structure_commitments = f"{NOTE}-commitments"
    objects.commitment.save()
    CommitmentReview.objects.create(
        commitment=objects.commitment, date=today, notes=f"{NOTE}-review"
    )
    objects.exit.notes = f"{NOTE}-exit"
    objects.exit.save()
    with translation.override("fr"):
        labels = {
            "aah": str(Criterion.L1_AAH.label),
            "rqth": str(Criterion.L2_RQTH.label),
            "detention": str(Criterion.L2_DETENTION.label),
            "refugee": str(Criterion.L2_REFUGEE.label),
            "reason": str(ProlongationReason.RQTH.label),
            "sickness": "Arrêt maladie",
            "health": "Santé",
        }
    return {
        "nir": [MARKED_NIR],
        "notes": [NOTE],
        "benefits": [*_days(rsa), *_days(ass), *_days(aah), labels["aah"], "l1_aah"],
        "disability": [labels["rqth"], labels["reason"], "l2_rqth", '"rqth"', *_days(aah)],
        "detention": [labels["detention"], "l2_detention", '"leaving_detention"'],
        "refugee": [labels["refugee"], "l2_refugee", '"refugee"'],
        "health": ['"sickness"', labels["sickness"], '"health"', labels["health"]],
    }
