"""Reads of insertion paths: every function takes the actor and starts from `for_user`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery

from tremplin.accounts.privacy import Policy, policy_for
from tremplin.common.formats import hours_text
from tremplin.common.text import normalize_search

from .models import (
    Action,
    Approval,
    Barrier,
    BarrierStatus,
    BarrierStatusChange,
    Contract,
    Diagnosis,
    Exit,
    Person,
)


class PersonState:
    CANDIDATE = "candidate"
    IN_PATH = "in_path"
    EXITED = "exited"


def _running_contracts(today: datetime.date):
    return Contract.objects.filter(person=OuterRef("pk"), start_date__lte=today).filter(
        Q(early_end_date__gte=today)
        | Q(early_end_date__isnull=True, planned_end_date__gte=today)
        | Q(early_end_date__isnull=True, planned_end_date__isnull=True)
    )


def person_list(
    *,
    actor,
    structure_id: int,
    query: str = "",
    state: str = "",
    contract_kind: str = "",
    barrier: str = "",
    pass_end_before: datetime.date | None = None,
    conseiller_id: int | None = None,
    today: datetime.date | None = None,
):
    """The people of one structure with what the list shows, in one query per page."""
    today = today or datetime.date.today()
    latest_approval = Approval.objects.filter(person=OuterRef("pk")).order_by("-end_date")
    running = _running_contracts(today).order_by("-start_date")
    last_exit = Exit.objects.filter(person=OuterRef("pk")).order_by("-exit_date")
    people = (
        Person.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("conseiller")
        .annotate(
            pass_number=Subquery(latest_approval.values("number")[:1]),
            pass_end=Subquery(latest_approval.values("end_date")[:1]),
            contract_kind=Subquery(running.values("kind")[:1]),
            contract_end=Subquery(running.values("planned_end_date")[:1]),
            exit_date=Subquery(last_exit.values("exit_date")[:1]),
            in_contract=Exists(running),
        )
    )
    if query:
        needle = normalize_search(query)
        people = people.filter(
            Q(search_name__startswith=needle) | Q(first_names__icontains=query.strip())
        )
    if state == PersonState.EXITED:
        people = people.filter(exit_date__isnull=False, in_contract=False)
    elif state == PersonState.IN_PATH:
        people = people.filter(Q(in_contract=True) | Q(pass_end__gte=today, exit_date__isnull=True))
    elif state == PersonState.CANDIDATE:
        people = people.filter(pass_number__isnull=True, in_contract=False, exit_date__isnull=True)
    if contract_kind:
        people = people.filter(contract_kind=contract_kind)
    if barrier:
        # The category is encrypted: the structure's open barriers are read in Python.
        open_barriers = (
            Barrier.objects.for_user(actor)
            .filter(person__structure_id=structure_id)
            .exclude(status=BarrierStatus.LIFTED)
            .values_list("person_id", "category")
        )
        people = people.filter(pk__in=[pid for pid, cat in open_barriers if cat == barrier])
    if pass_end_before:
        people = people.filter(pass_end__gte=today, pass_end__lte=pass_end_before)
    if conseiller_id:
        people = people.filter(conseiller_id=conseiller_id)
    return people.order_by("last_name", "first_names", "pk")


# --- The person's file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: str  # css / icon key
    title: str
    detail: str = ""
    obj: object = None
    note: str = ""  # free text, only where the policy shows it


@dataclass
class PersonFile:
    person: Person
    diagnoses: list = field(default_factory=list)
    approvals: list = field(default_factory=list)
    contracts: list = field(default_factory=list)
    interviews: list = field(default_factory=list)
    barriers: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    exits: list = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)


def person_file(person: Person, policy: Policy) -> PersonFile:
    """Everything of a person's path, read in a fixed number of queries, and one timeline
    whose texts show only what `policy` lets the reader see (accounts.privacy)."""
    from django.utils.translation import gettext as _

    show = policy.display

    file = PersonFile(
        person=person,
        diagnoses=list(person.diagnoses.prefetch_related("criteria")),
        approvals=list(
            person.approvals.prefetch_related(
                "suspensions", "prolongations", "prolongation_requests"
            )
        ),
        contracts=list(person.contracts.prefetch_related("renewals")),
        interviews=list(person.interviews.select_related("conseiller")),
        barriers=list(person.barriers.prefetch_related("changes")),
        actions=list(person.actions.select_related("barrier")),
        commitments=list(person.commitments.prefetch_related("reviews")),
        exits=list(person.exits.select_related("reason")),
    )
    events: list[Event] = []
    for d in file.diagnoses:
        events.append(
            Event(
                d.made_on,
                "diagnosis",
                _("Eligibility diagnosis"),
                " — ".join(
                    part
                    for part in (
                        d.get_author_kind_display(),
                        ", ".join(filter(None, (show(c, "criterion") for c in d.criteria.all()))),
                    )
                    if part
                ),
                d,
            )
        )
    for a in file.approvals:
        events.append(
            Event(
                a.start_date,
                "approval",
                _("PASS IAE %(number)s issued") % {"number": a.number},
                _("valid until %(end)s") % {"end": a.end_date.strftime("%d/%m/%Y")},
                a,
            )
        )
        for s in a.suspensions.all():
            events.append(
                Event(
                    s.start_date,
                    "suspension",
                    _("PASS suspended"),
                    f"{show(s, 'reason')} — {s.start_date:%d/%m/%Y} → {s.end_date:%d/%m/%Y}",
                    s,
                )
            )
        for p in a.prolongations.all():
            events.append(
                Event(
                    p.start_date,
                    "prolongation",
                    _("PASS prolonged"),
                    f"{show(p, 'reason')} — {p.decided_by} → {p.end_date:%d/%m/%Y}",
                    p,
                )
            )
        for r in a.prolongation_requests.all():
            events.append(
                Event(
                    r.requested_on,
                    "request",
                    _("Prolongation requested"),
                    f"{show(r, 'reason')} — {r.prescriber} — {r.get_status_display()}",
                    r,
                    show(r, "decision_note"),
                )
            )
    for c in file.contracts:
        end = c.planned_end_date.strftime("%d/%m/%Y") if c.planned_end_date else "—"
        events.append(
            Event(
                c.start_date,
                "contract",
                _("Contract signed: %(kind)s") % {"kind": c.get_kind_display()},
                f"{hours_text(c.weekly_hours)} — → {end}",
                c,
            )
        )
        for r in c.renewals.all():
            events.append(
                Event(
                    r.signed_on, "renewal", _("Contract renewed"), f"→ {r.new_end_date:%d/%m/%Y}", r
                )
            )
        if c.early_end_date:
            events.append(
                Event(
                    c.early_end_date,
                    "contract_end",
                    _("Contract ended early"),
                    c.get_early_end_reason_display(),
                    c,
                )
            )
    for i in file.interviews:
        events.append(
            Event(
                i.date,
                "interview",
                _("Interview: %(kind)s") % {"kind": i.get_kind_display()},
                str(i.conseiller or ""),
                i,
                show(i, "notes"),
            )
        )
    for b in file.barriers:
        for change in b.changes.all():
            events.append(
                Event(
                    change.date,
                    "barrier",
                    _("Barrier %(category)s: %(status)s")
                    % {
                        "category": show(b, "category").lower(),
                        "status": change.get_status_display().lower(),
                    },
                    show(change, "note"),
                    b,
                )
            )
    for a in file.actions:
        events.append(
            Event(a.start_date, "action", f"{a.get_kind_display()} : {a.title}", a.partner, a)
        )
    for c in file.commitments:
        events.append(
            Event(
                c.signed_on,
                "commitment",
                _("Reciprocal commitment contract signed"),
                show(c, "goals")[:120],
                c,
            )
        )
        for r in c.reviews.all():
            events.append(
                Event(
                    r.date,
                    "review",
                    _("Commitment contract reviewed"),
                    show(r, "notes")[:120],
                    r,
                )
            )
    for e in file.exits:
        label = e.reason.label if e.reason else _("reason to record")
        events.append(
            Event(
                e.exit_date,
                "exit",
                _("Exit: %(reason)s") % {"reason": label},
                _("counted exit") if e.counted else _("not counted"),
                e,
                show(e, "notes"),
            )
        )
    file.timeline = sorted(events, key=lambda ev: (ev.date, ev.kind), reverse=True)
    return file


# --- Work lists ----------------------------------------------------------------------------

# How far ahead the work list looks. Product choices, not legal figures.
SOON_DAYS = (30, 60)
PROLONGATION_WINDOW_DAYS = 90
BARRIER_IDLE_DAYS = 60
DIAGNOSIS_WARNING_DAYS = 30


@dataclass(frozen=True)
class WorkItem:
    kind: str
    person: Person
    date: datetime.date | None
    detail: str = ""


@dataclass
class WorkList:
    passes_30: list[WorkItem] = field(default_factory=list)
    passes_60: list[WorkItem] = field(default_factory=list)
    contracts_ending: list[WorkItem] = field(default_factory=list)
    prolongation_windows: list[WorkItem] = field(default_factory=list)
    diagnoses_expiring: list[WorkItem] = field(default_factory=list)
    exits_without_reason: list[WorkItem] = field(default_factory=list)
    idle_barriers: list[WorkItem] = field(default_factory=list)
    files_to_anonymise: list[WorkItem] = field(default_factory=list)

    def sections(self):
        from django.utils.translation import gettext as _

        return [
            ("passes_30", _("PASS IAE ending within 30 days"), self.passes_30),
            ("passes_60", _("PASS IAE ending within 31 to 60 days"), self.passes_60),
            (
                "prolongation_windows",
                _("Prolongation possible (50+, RQTH, AI/ACI)"),
                self.prolongation_windows,
            ),
            ("contracts_ending", _("Contracts ending within 30 days"), self.contracts_ending),
            (
                "diagnoses_expiring",
                _("Diagnoses expiring before a PASS is issued"),
                self.diagnoses_expiring,
            ),
            ("exits_without_reason", _("Exits without a reason"), self.exits_without_reason),
            ("idle_barriers", _("Barriers with no action for 60 days"), self.idle_barriers),
            (
                "files_to_anonymise",
                _("Files anonymised soon (end of their retention period)"),
                self.files_to_anonymise,
            ),
        ]

    @property
    def total(self) -> int:
        return sum(len(items) for _key, _label, items in self.sections())


def work_list(*, actor, structure_id: int, today: datetime.date | None = None) -> WorkList:
    """What needs doing in a structure, in a fixed number of queries. Every row comes from
    `for_user`, so the people the list names go to the access log."""
    from tremplin.rules import rule

    from .calculations import age_on

    today = today or datetime.date.today()
    people = Person.objects.for_user(actor).filter(structure_id=structure_id)
    no_exit_since = ~Exists(
        Exit.objects.filter(person=OuterRef("person"), exit_date__gte=OuterRef("start_date"))
    )
    result = WorkList()
    approvals = (
        Approval.objects.for_user(actor)
        .filter(
            person__in=people,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=PROLONGATION_WINDOW_DAYS),
        )
        .filter(no_exit_since)
        .select_related("person__structure")
        .order_by("end_date")
    )
    senior_age = rule("pass.prolongation_senior_age", today)
    for approval in approvals:
        person, left = approval.person, (approval.end_date - today).days
        item = WorkItem("pass", person, approval.end_date, approval.number)
        if left <= SOON_DAYS[0]:
            result.passes_30.append(item)
        elif left <= SOON_DAYS[1]:
            result.passes_60.append(item)
        if (
            age_on(person.birth_date, today) >= senior_age
            or person.rqth
            or person.structure.kind in ("AI", "ACI")
        ):
            result.prolongation_windows.append(item)
    contracts = (
        Contract.objects.for_user(actor)
        .filter(
            person__in=people,
            early_end_date__isnull=True,
            planned_end_date__gte=today,
            planned_end_date__lte=today + datetime.timedelta(days=SOON_DAYS[0]),
        )
        .select_related("person")
        .order_by("planned_end_date")
    )
    result.contracts_ending = [
        WorkItem("contract", c.person, c.planned_end_date, c.get_kind_display()) for c in contracts
    ]
    diagnoses = (
        Diagnosis.objects.for_user(actor)
        .filter(
            person__in=people,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=DIAGNOSIS_WARNING_DAYS),
        )
        .filter(
            ~Exists(
                Approval.objects.filter(
                    person=OuterRef("person"), start_date__gte=OuterRef("made_on")
                )
            )
        )
        .select_related("person")
        .order_by("expires_on")
    )
    result.diagnoses_expiring = [WorkItem("diagnosis", d.person, d.expires_on) for d in diagnoses]
    result.exits_without_reason = [
        WorkItem("exit", e.person, e.exit_date)
        for e in Exit.objects.for_user(actor)
        .filter(person__in=people, reason__isnull=True)
        .select_related("person")
    ]
    idle_since = today - datetime.timedelta(days=BARRIER_IDLE_DAYS)
    barriers = (
        Barrier.objects.for_user(actor)
        .filter(person__in=people)
        .exclude(status=BarrierStatus.LIFTED)
        .filter(identified_on__lte=idle_since)
        .filter(~Exists(Action.objects.filter(barrier=OuterRef("pk"), start_date__gt=idle_since)))
        .filter(
            ~Exists(BarrierStatusChange.objects.filter(barrier=OuterRef("pk"), date__gt=idle_since))
        )
        # Once the person has left, the barrier is no longer the structure's to work on.
        .filter(
            ~Exists(
                Exit.objects.filter(
                    person=OuterRef("person"), exit_date__gte=OuterRef("identified_on")
                )
            )
        )
        .select_related("person")
        .order_by("identified_on")
    )
    # A barrier « Santé » is only named to those who may see it (accounts.privacy).
    show = policy_for(actor, structure_id).display
    result.idle_barriers = [
        WorkItem("barrier", b.person, b.identified_on, show(b, "category")) for b in barriers
    ]
    # Told by the daily retention job (services/retention.py): a file kept longer needs its
    # "keep the file until" date set before then.
    ending = people.filter(
        retention_notice__isnull=False, retention_notice__anonymised_on__isnull=True
    ).select_related("retention_notice")
    result.files_to_anonymise = [
        WorkItem("retention", p, p.retention_notice.due_on)
        for p in ending.order_by("retention_notice__due_on", "pk")
    ]
    return result


@dataclass(frozen=True)
class Change:
    at: datetime.datetime
    user: object
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted
    fields: tuple[str, ...]


def person_history(person: Person) -> list[Change]:
    """Who changed what in the file (field names only: values stay in the records), and
    every step recorded on it: an interview, a diagnosis, a renewal… are steps of the file
    even where no change history is kept for them."""
    from django.utils.translation import gettext as _

    sources = [
        (Person, _("file"), person.history.all()),
        (Approval, _("PASS IAE"), Approval.history.filter(person_id=person.pk)),
        (Contract, _("contract"), Contract.history.filter(person_id=person.pk)),
        (Exit, _("exit"), Exit.history.filter(person_id=person.pk)),
    ]
    from .models import CommitmentReview

    labels = {model: label for model, label, _records in sources}
    # A model without a verbose name of its own would read as its English class name.
    labels[CommitmentReview] = _("review of the commitment contract")
    changes = []
    created = set()  # (model, id) whose creation the history holds
    for model, label, records in sources:
        previous_by_id = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            fields: tuple[str, ...] = ()
            earlier = previous_by_id.get(record.id)
            if earlier is not None and record.history_type == "~":
                delta = record.diff_against(earlier)
                fields = tuple(
                    str(record.instance._meta.get_field(c.field).verbose_name)
                    for c in delta.changes
                )
            if record.history_type == "+":
                created.add((model, record.id))
            previous_by_id[record.id] = record
            changes.append(
                Change(record.history_date, record.history_user, label, record.history_type, fields)
            )
    changes += [
        Change(at, user, labels.get(model, str(model._meta.verbose_name)), "+", ())
        for model, pk, at, user in _recorded_steps(person)
        if (model, pk) not in created
    ]
    return sorted(changes, key=lambda c: c.at, reverse=True)


def _recorded_steps(person: Person):
    """(model, id, when recorded, by whom) of every row of the file: the steps that keep
    no change history, and the historised rows made without one (an import, the demo)."""
    from .models import (
        CommitmentContract,
        CommitmentReview,
        ContractRenewal,
        Interview,
        Prolongation,
        ProlongationRequest,
        Suspension,
    )

    by_person = {"person_id": person.pk}
    by_approval = {"approval__person_id": person.pk}
    queries = [
        (Person, {"pk": person.pk}, "created_by"),
        (Approval, by_person, "created_by"),
        (Contract, by_person, "created_by"),
        (Exit, by_person, "created_by"),
        (Diagnosis, by_person, "created_by"),
        (Interview, by_person, "conseiller"),
        (Barrier, by_person, None),
        (Action, by_person, None),
        (CommitmentContract, by_person, None),
        (CommitmentReview, {"commitment__person_id": person.pk}, None),
        (ContractRenewal, {"contract__person_id": person.pk}, None),
        (Suspension, by_approval, "created_by"),
        (Prolongation, by_approval, "created_by"),
        (ProlongationRequest, by_approval, "created_by"),
    ]
    for model, condition, author in queries:
        rows = model.objects.filter(**condition)
        rows = rows.select_related(author) if author else rows
        for row in rows.only("pk", "created_at", *([author] if author else [])):
            yield model, row.pk, row.created_at, getattr(row, author) if author else None
