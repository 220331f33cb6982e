"""Keeping the figures fresh: operations mark the (structure, year) slices they change as
stale, in their own transaction — a write does nothing more. A queued job computes the
slices again (tremplin.observatory.tasks): one job per committed write
(OBSERVATORY_REFRESH = "commit", the default), the periodic sweep, or
`manage.py observatory_refresh` ("deferred", for bulk loads). `rebuild` computes every
slice, with a progress callback.

Two refreshes of one slice never interleave: each takes a lock on the structure's row
(FOR NO KEY UPDATE, which writers of the structure's operations do not wait for), then reads
the mark again; computing a slice twice gives the same figures.

Only the slices touched are computed again, each from its own structure's operations (a
few queries over at most one structure's year), so keeping fresh costs the same at 4 500
structures as at 1, and pages never scan operations."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from tremplin.common import facts, jobs
from tremplin.homecare.models import AdvanceEnrolment, Household, PaymentRequest, Service
from tremplin.missions.models import Assignment, Invoice, MissionRequest, TimeEntry
from tremplin.network.models import Structure
from tremplin.people.models import Approval, Barrier, Contract, Exit, Person
from tremplin.people.models.accompaniment import BarrierStatusChange

from . import cache
from .compute import slice_figures
from .models import Figure, StaleSlice

_local = threading.local()


# Marking --------------------------------------------------------------------------------


def mark_stale(structure_id: int, years: Iterable[int]) -> None:
    # A contract or a request running into next years: no figures for years to come.
    this_year = datetime.date.today().year
    years = {y for y in years if y and y <= this_year}
    if not structure_id or not years:
        return
    now = timezone.now()
    # Sorted: two writers marking the same slices lock their rows in the same order.
    StaleSlice.objects.bulk_create(
        [StaleSlice(structure_id=structure_id, year=y, marked_at=now) for y in sorted(years)],
        update_conflicts=True,
        update_fields=["marked_at"],
        unique_fields=["structure", "year"],
    )
    if _mode() == "commit":
        # Queued after the commit (dropped on rollback), these slices only: the job never
        # pays for the slices a deferred bulk load left to `observatory_refresh`.
        from .tasks import observatory_refresh

        jobs.enqueue(observatory_refresh, [[structure_id, y] for y in sorted(years)])


def _mode() -> str:
    if getattr(_local, "deferred", 0):
        return "deferred"
    return getattr(settings, "OBSERVATORY_REFRESH", "commit")


@contextmanager
def deferred():
    """Within the block, changes only mark slices stale (a bulk load refreshes once)."""
    _local.deferred = getattr(_local, "deferred", 0) + 1
    try:
        yield
    finally:
        _local.deferred -= 1


def _years(*days: datetime.date | None) -> set[int]:
    """The years from the earliest to the latest day given (an open end: this year)."""
    known = [d for d in days if d is not None]
    if not known:
        return set()
    last = max(known + ([datetime.date.today()] if None in days[1:] else []))
    return set(range(min(known).year, last.year + 1))


# What each operation touches: (structure id, years), from the row as it is now.
def _contract(c: Contract):
    return c.structure_id, _years(c.start_date, c.early_end_date or c.planned_end_date)


def _person_years(person_id) -> set[int]:
    dates = Contract.objects.filter(person_id=person_id).values_list("start_date", flat=True)
    return _years(*dates, None) if dates else set()


def _person(p: Person):
    return p.structure_id, _person_years(p.pk)


def _structure_of(person_id) -> int | None:
    return Person.objects.filter(pk=person_id).values_list("structure_id", flat=True).first()


def _exit(e: Exit):
    return _structure_of(e.person_id), {e.exit_date.year}


def _barrier(b: Barrier):
    return _structure_of(b.person_id), {b.identified_on.year}


def _barrier_change(c: BarrierStatusChange):
    structure = Barrier.objects.filter(pk=c.barrier_id).values_list(
        "person__structure_id", flat=True
    )
    return structure.first(), {c.date.year}


def _time_entry(t: TimeEntry):
    return t.structure_id, {t.date.year}


def _request(r: MissionRequest):
    return r.structure_id, _years(r.start_date, r.end_date)


def _assignment(a: Assignment):
    structure = MissionRequest.objects.filter(pk=a.request_id).values_list(
        "structure_id", flat=True
    )
    return structure.first(), {a.date.year}


def _payment_request(r: PaymentRequest):
    start = Invoice.objects.filter(pk=r.invoice_id).values_list("period_start", flat=True)
    return r.structure_id, {day.year for day in start}


def _enrolled_years(household_id) -> set[int]:
    """An enrolment counts from the day it was sent to this day (definitions: sap_advance)."""
    sent = AdvanceEnrolment.objects.filter(household_id=household_id).values_list(
        "sent_at", flat=True
    )
    sent_at = sent.first()
    return _years(sent_at.date() if sent_at else datetime.date.today(), None)


def _household(h: Household):
    return h.structure_id, _enrolled_years(h.pk)


def _enrolment(e: AdvanceEnrolment):
    return e.structure_id, _years(e.sent_at.date() if e.sent_at else datetime.date.today(), None)


def _approval(a: Approval):
    # A PASS makes its holder's hours count as in an insertion path (sap_insertion).
    return _structure_of(a.person_id), _years(a.start_date, a.end_date)


def _service(s: Service):
    # The catalogue gives the activity of the hours booked under its services.
    years = Figure.objects.filter(structure_id=s.structure_id).values_list("year", flat=True)
    return s.structure_id, set(years.distinct())


TRACKED: dict[type, Callable] = {
    Contract: _contract,
    Person: _person,
    Exit: _exit,
    Barrier: _barrier,
    BarrierStatusChange: _barrier_change,
    TimeEntry: _time_entry,
    MissionRequest: _request,
    Assignment: _assignment,
    # Home services (compute_homecare). Not invoices: they are issued by bulk updates (no
    # signal), and the households they count have their validated hours, tracked above,
    # but for a hand-made invoice without hours (counted at the next change of its slice).
    PaymentRequest: _payment_request,
    Household: _household,
    AdvanceEnrolment: _enrolment,
    Approval: _approval,
    Service: _service,
}


def _before(sender, instance, raw=False, **kwargs):
    """Remember what the row touched before the change (its old dates or structure)."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).first()
    if old is not None:
        instance._observatory_before = TRACKED[sender](old)


def _after(sender, instance, raw=False, **kwargs):
    if raw:
        return
    touched = [TRACKED[sender](instance)]
    if hasattr(instance, "_observatory_before"):
        touched.append(instance.__dict__.pop("_observatory_before"))
    for structure_id, years in touched:
        if structure_id:
            mark_stale(structure_id, years)


def _structure_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    years = Figure.objects.filter(structure=instance).values_list("year", flat=True).distinct()
    mark_stale(instance.pk, set(years))


def _facts_changed(sender, structure_id, years, **kwargs):
    mark_stale(structure_id, years)


def connect() -> None:
    for model in TRACKED:
        uid = f"observatory-{model.__name__}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_after, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(_structure_changed, sender=Structure, dispatch_uid="observatory-structure")
    facts.facts_changed.connect(_facts_changed, dispatch_uid="observatory-facts")


# Computing ------------------------------------------------------------------------------


def _lock(structure_id: int) -> Structure | None:
    """The structure, locked until the transaction ends: the one refresh of its slices at a
    time (FOR NO KEY UPDATE does not wait for, nor block, the inserts of its operations)."""
    return Structure.objects.select_for_update(no_key=True).filter(pk=structure_id).first()


@transaction.atomic
def slice_replace(structure: Structure, year: int) -> int:
    _lock(structure.pk)
    Figure.objects.filter(structure=structure, year=year).delete()
    return len(Figure.objects.bulk_create(slice_figures(structure, year), batch_size=2000))


def slice_refresh(structure_id: int, year: int) -> bool:
    """Compute one stale slice again; False when it is no longer stale (another refresh
    did it) or its structure is gone. A slice marked again meanwhile stays stale."""
    with transaction.atomic():
        structure = _lock(structure_id)
        # Read after the lock: a refresh that held it has committed its work by now.
        mark = (
            StaleSlice.objects.filter(structure_id=structure_id, year=year)
            .values_list("pk", "marked_at")
            .first()
        )
        if structure is None or mark is None:
            return False
        slice_replace(structure, year)
        StaleSlice.objects.filter(pk=mark[0], marked_at=mark[1]).delete()
    return True


def refresh_stale(limit: int | None = None, slices: Iterable[tuple[int, int]] | None = None) -> int:
    """Compute the stale slices (or those of `slices` still stale) again."""
    if slices is None:
        stale = StaleSlice.objects.order_by("marked_at").values_list("structure_id", "year")
        slices = list(stale[:limit] if limit else stale)
    return sum(slice_refresh(structure_id, year) for structure_id, year in slices)


def years_with_operations() -> list[int]:
    """From the first contract's year to this one, and any year marked stale."""
    first = Contract.objects.order_by("start_date").values_list("start_date", flat=True).first()
    years = set(range(first.year, datetime.date.today().year + 1)) if first else set()
    years |= set(StaleSlice.objects.values_list("year", flat=True))
    return sorted(years)


def rebuild(
    *, years: list[int] | None = None, progress: Callable[[int], object] | None = None
) -> int:
    """Every slice computed from the operations (the stale marks are cleared)."""
    years = years or years_with_operations()
    rows = 0
    for structure in Structure.objects.order_by("pk"):
        for year in years:
            rows += slice_replace(structure, year)
        if progress:
            progress(1)
    StaleSlice.objects.filter(year__in=years).delete()
    # Every figure computed again: the kept dashboards are forgotten once this is committed.
    transaction.on_commit(cache.figures_changed)
    return rows
