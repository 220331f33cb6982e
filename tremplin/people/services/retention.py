"""Retention: files kept past their period are anonymised, after the structure was told.

When a file's period ends (rules table): a path ends on its last exit or the end of its
last contract, whichever is later, and is kept `retention.path_years` after it; a candidate
never hired is kept `retention.candidate_years` after the last contact (the file's last
change, diagnosis, interview or PASS). A later `retention_until` set on the file (a dispute
under way) holds it until that day. The file is anonymised from the day after the period.

Telling first: `settings.RETENTION_NOTICE_DAYS` before that day the structure's directors
get an e-mail (a count and a date, no names) and the work list names the files; the file is
anonymised no sooner than that many days after the notice, even if it was due earlier.

What anonymisation keeps: what the observatory counts and which identifies nobody once
names, numbers and contact are gone — sex, the benefits' dates, QPV, RQTH, education
level, contracts, exits (category, dates), barriers (category, status, dates), hours. The
birth date keeps its year only: it becomes the earliest day of that year that gives the
person the same age on every day the observatory reads it (each month's first day and
each contract start of the path), so the published age bands do not move. Erased: names,
NIR, contact, birth place, the other situation facts, eligibility criteria, every free
text, the PASS number, the history tables, and the employee's account.

`anonymise_expired(today=…)` is the daily job (`manage.py anonymise_expired`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.rules import rule

from ..models import (
    AccessEvent,
    Approval,
    Contract,
    Diagnosis,
    DiagnosisCriterion,
    Exit,
    Interview,
    Person,
    RetentionNotice,
)
from ..subject_access import reachable_models

logger = logging.getLogger(__name__)

# Free text kept in CharFields (TextFields are all erased).
FREE_TEXT_CHARS = {
    "people.Action": ("title", "partner"),
    "people.BarrierStatusChange": ("note",),
    "people.Approval": ("waiting_period_waived_by",),
}
ANONYMOUS = "Anonyme"


def notice_days() -> int:
    return int(getattr(settings, "RETENTION_NOTICE_DAYS", 30))


# --- When a file's period ends --------------------------------------------------------------


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def substitute_birth_date(birth: datetime.date, checkpoints) -> datetime.date:
    """The earliest day of the birth year with the same age as `birth` on every checkpoint."""
    checkpoints = sorted(set(checkpoints))
    ages = [_age(birth, on) for on in checkpoints]
    day = datetime.date(birth.year, 1, 1)
    while day < birth:
        if all(_age(day, on) == age for on, age in zip(checkpoints, ages, strict=True)):
            return day
        day += datetime.timedelta(days=1)
    return birth


def _month_firsts(first: datetime.date, last: datetime.date):
    day = datetime.date(first.year, 1, 1)
    while day <= last:
        yield day
        day += relativedelta(months=1)


def _with_path_end(people):
    contracts = Contract.objects.filter(person=OuterRef("pk"))
    open_contract = contracts.filter(early_end_date__isnull=True, planned_end_date__isnull=True)
    last_contract_end = (
        contracts.annotate(end=Coalesce("early_end_date", "planned_end_date"))
        .order_by(F("end").desc(nulls_last=True))
        .values("end")[:1]
    )
    last_exit = (
        Exit.objects.filter(person=OuterRef("pk")).order_by("-exit_date").values("exit_date")[:1]
    )
    last_interview = Interview.objects.filter(person=OuterRef("pk")).order_by("-date")
    last_approval = Approval.objects.filter(person=OuterRef("pk")).order_by("-start_date")
    last_diagnosis = Diagnosis.objects.filter(person=OuterRef("pk")).order_by("-made_on")
    return people.annotate(
        has_contract=Exists(contracts),
        has_open_contract=Exists(open_contract),
        last_contract_end=Subquery(last_contract_end),
        last_exit=Subquery(last_exit),
        last_interview=Subquery(last_interview.values("date")[:1]),
        last_approval=Subquery(last_approval.values("start_date")[:1]),
        last_diagnosis=Subquery(last_diagnosis.values("made_on")[:1]),
    )


def due_on(person) -> datetime.date | None:
    """The first day the file may be anonymised (None: its path goes on). `person` comes
    from `_with_path_end`."""
    if person.has_open_contract:
        return None
    if person.has_contract or person.last_exit:
        ended = max(d for d in (person.last_contract_end, person.last_exit) if d)
        keep = relativedelta(years=rule("retention.path_years", ended))
    else:
        dates = [person.updated_at.date(), person.created_at.date()]
        dates += [
            d for d in (person.last_interview, person.last_approval, person.last_diagnosis) if d
        ]
        ended = max(dates)
        keep = relativedelta(years=rule("retention.candidate_years", ended))
    due = ended + keep + datetime.timedelta(days=1)
    if person.retention_until and person.retention_until >= due:
        due = person.retention_until + datetime.timedelta(days=1)
    return due


def _candidates(today: datetime.date):
    """Files not anonymised whose period may end within the notice: a lenient SQL bound
    (the periods are at least `candidate_years`), the exact date from `due_on`."""
    shortest = min(rule("retention.path_years", today), rule("retention.candidate_years", today))
    bound = today + datetime.timedelta(days=notice_days() + 1) - relativedelta(years=shortest)
    people = _with_path_end(Person.objects.exclude(retention_notice__anonymised_on__isnull=False))
    return people.filter(
        Q(last_contract_end__lte=bound)
        | Q(last_exit__lte=bound)
        | Q(has_contract=False, updated_at__date__lte=bound)
    ).filter(has_open_contract=False)


# --- The job --------------------------------------------------------------------------------


@dataclass
class RetentionResult:
    notified: int = 0
    anonymised: int = 0
    withdrawn: int = 0
    log_rows_deleted: int = 0


def anonymise_expired(
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RetentionResult:
    """The daily job: tell the structures of the files ending soon, anonymise those told
    long enough ago whose period has ended, delete the access log past its period."""
    # Run daily by the queue: tremplin.people.tasks.anonymise_expired_daily.
    today = today or datetime.date.today()
    say = progress or (lambda message: None)
    result = RetentionResult()
    notice = datetime.timedelta(days=notice_days())
    pending = {n.person_id: n for n in RetentionNotice.objects.filter(anonymised_on__isnull=True)}
    told: dict[int, list[datetime.date]] = {}
    due_people = {}
    for person in _candidates(today).iterator(chunk_size=500):
        due = due_on(person)
        if due is None or today < due - notice:
            continue
        due_people[person.pk] = due
        if person.pk not in pending:
            result.notified += 1
            told.setdefault(person.structure_id, []).append(due)
            if not dry_run:
                pending[person.pk] = RetentionNotice.objects.create(
                    person=person, due_on=due, notified_on=today
                )
    # A path that started again, or a later "keep until": the notice no longer holds.
    stale = [pk for pk in pending if pk not in due_people]
    result.withdrawn = len(stale)
    if stale and not dry_run:
        RetentionNotice.objects.filter(person_id__in=stale, anonymised_on__isnull=True).delete()
    if not dry_run:
        _tell_structures(told)
    ripe = [
        pk
        for pk, due in due_people.items()
        if pk in pending and today >= max(due, pending[pk].notified_on + notice)
    ]
    for index, pk in enumerate(ripe, 1):
        if not dry_run:
            person_anonymise(person=Person.objects.get(pk=pk), today=today)
        result.anonymised += 1
        if index % 100 == 0 or index == len(ripe):
            say(f"{index}/{len(ripe)}")
    cutoff = today - relativedelta(months=rule("retention.access_log_months", today))
    old_events = AccessEvent.objects.filter(at__date__lt=cutoff)
    if dry_run:
        result.log_rows_deleted = old_events.count()
    else:
        result.log_rows_deleted, _detail = old_events.delete()
    return result


def _tell_structures(told: dict[int, list[datetime.date]]) -> None:
    """One e-mail per structure to its directors: how many files, from when; no names (the
    work list names them, behind the login)."""
    if not told:
        return
    directors = StructureMembership.objects.filter(
        structure_id__in=told, role=StructureRole.DIRECTOR, user__is_active=True
    ).select_related("user", "structure")
    recipients: dict[int, list[str]] = {}
    names = {}
    for membership in directors:
        recipients.setdefault(membership.structure_id, []).append(membership.user.email)
        names[membership.structure_id] = membership.structure.name
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    for structure_id, dues in told.items():
        if structure_id not in recipients:
            logger.warning("No director to tell of files ending in structure %s", structure_id)
            continue
        with translation.override("fr"):
            subject = _("%(count)s files will be anonymised") % {"count": len(dues)}
            body = _(
                "%(count)s files of %(structure)s reach the end of their retention period "
                "and will be anonymised from %(date)s. The work list names them: %(url)s\n"
                "To keep a file longer (a dispute under way), set its “keep the file until” "
                "date before then."
            ) % {
                "count": len(dues),
                "structure": names[structure_id],
                "date": min(dues).strftime("%d/%m/%Y"),
                "url": base + reverse("people:work_list"),
            }
        try:
            send_mail(subject, body, None, recipients[structure_id])
        except Exception:
            # The notice stays in the work list; the e-mail is tried again by nobody: say so.
            logger.warning(
                "Retention notice e-mail not sent to structure %s", structure_id, exc_info=True
            )


# --- Anonymising one file -------------------------------------------------------------------


def _erase_free_text(model, rows) -> None:
    fields = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.TextField) or f.name in FREE_TEXT_CHARS.get(model._meta.label, ()):
            fields[f.name] = None if f.null else ""
    if fields:
        rows.update(**fields)


@transaction.atomic
def person_anonymise(*, person: Person, today: datetime.date) -> Person:
    contracts = list(
        Contract.objects.filter(person=person).values_list(
            "start_date", "planned_end_date", "early_end_date"
        )
    )
    checkpoints = [start for start, _p, _e in contracts]
    if contracts:
        first = min(checkpoints)
        last = max((early or planned or today) for _s, planned, early in contracts)
        checkpoints += list(_month_firsts(first, last))
    birth = (
        substitute_birth_date(person.birth_date, checkpoints)
        if checkpoints
        else (datetime.date(person.birth_date.year, 1, 1))
    )
    for model, lookup, _parents in reachable_models()[1:]:
        rows = model._base_manager.filter(**{lookup: person.pk})
        history = getattr(model, "history", None)
        if history is not None:
            history.filter(id__in=rows.values("pk")).delete()
        _erase_free_text(model, rows)
    Person.history.filter(id=person.pk).delete()
    for criterion in DiagnosisCriterion.objects.filter(diagnosis__person=person).exclude(proof=""):
        criterion.proof.delete(save=False)
    DiagnosisCriterion.objects.filter(diagnosis__person=person).delete()
    for approval_id in Approval.objects.filter(person=person).values_list("pk", flat=True):
        Approval.objects.filter(pk=approval_id).update(number=f"X{approval_id:011d}"[-12:])
    account = person.user
    Person.objects.filter(pk=person.pk).update(
        last_name=ANONYMOUS,
        birth_name="",
        first_names=f"n° {person.pk}",
        search_name="anonyme",
        birth_date=birth,
        birth_commune=None,
        birth_country="",
        nir=None,
        nir_hash="",
        ntt="",
        email="",
        phone="",
        address="",
        commune=None,
        zrr=False,
        job_seeker_id="",
        single_parent=False,
        housing="",
        refugee=False,
        left_child_welfare=False,
        leaving_detention=None,
        french_level="",
        mobility_problem=False,
        skills="",
        retention_until=None,
        user=None,
    )
    if account is not None:
        from tremplin.accounts.services import user_anonymise

        user_anonymise(user=account)
    RetentionNotice.objects.update_or_create(
        person=person,
        defaults={"anonymised_on": today},
        create_defaults={"due_on": today, "notified_on": today, "anonymised_on": today},
    )
    person.refresh_from_db()
    return person
