"""One-off changes of a recurring intervention: cancellations by the household (in time
only) or the structure (flagged when within the notice), moves through the missions checks,
absences and replacements ranked by continuity then distance, hours planned vs done."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from tremplin.accounts.models import UserKind
from tremplin.accounts.services import user_create
from tremplin.homecare.models import CancelledBy, OccurrenceStatus
from tremplin.homecare.selectors_recurring import pattern_month_hours
from tremplin.homecare.services.recurring import recurring_pattern_create
from tremplin.homecare.services.recurring_changes import (
    occurrence_cancel,
    occurrence_move,
    planned_hours_confirm,
)
from tremplin.homecare.services.replacements import (
    absence_record,
    occurrence_replace,
    replacement_proposals,
)
from tremplin.missions.models import Assignment
from tremplin.missions.services.hours import time_entry_create
from tremplin.network.models import Commune

from .recurring_builders import DAY, T, hire, make_household, make_service

PASSWORD = "Un-mot-de-passe-solide-42"


@pytest.fixture
def setup(world, today):
    user = user_create(email="foyer@tremplin.test", kind=UserKind.HOUSEHOLD, password=PASSWORD)
    household = make_household(world, user=user)
    person = hire(world, today)
    return {
        "household": household,
        "user": user,
        "person": person,
        "service": make_service(world),
        "planner": world.user("planner"),
    }


MORNING = (T(9), T(11))


def _pattern(setup, start, days=14, times=MORNING, person=None):
    pattern, _ = recurring_pattern_create(
        actor=setup["planner"],
        household=setup["household"],
        service=setup["service"],
        person=person or setup["person"],
        weekdays=list(range(7)),
        start_time=times[0],
        end_time=times[1],
        starts_on=start,
        ends_on=start + (days - 1) * DAY,
        skip_holidays=False,
    )
    return pattern


def _on(pattern, day):
    return pattern.occurrences.get(date=day)


def test_the_household_cancels_in_time_and_not_within_the_notice(setup, today):
    pattern = _pattern(setup, today + DAY)
    # The clock stands at 10:00 on the pinned day: 9:00 in three days is 71 hours away,
    # 9:00 in two days 47 hours, within the 48 hours of notice; tomorrow even more so.
    in_time = occurrence_cancel(
        actor=setup["user"], occurrence=_on(pattern, today + 3 * DAY), by="household"
    )
    assert in_time.status == OccurrenceStatus.CANCELLED and not in_time.within_notice
    assert in_time.cancelled_by == CancelledBy.HOUSEHOLD and in_time.assignment is None
    assert not Assignment.objects.filter(request=pattern.request, date=today + 3 * DAY).exists()
    late = _on(pattern, today + 2 * DAY)
    with pytest.raises(ValidationError) as refused:
        occurrence_cancel(actor=setup["user"], occurrence=late, by="household")
    assert "48" in refused.value.messages[0]
    late.refresh_from_db()
    assert late.status == OccurrenceStatus.PLANNED and late.assignment is not None


@override_settings(HOMECARE_CONTRACT_NOTICE_HOURS=24)
def test_the_notice_is_a_setting(setup, today):
    pattern = _pattern(setup, today + DAY)
    cancelled = occurrence_cancel(
        actor=setup["user"], occurrence=_on(pattern, today + 2 * DAY), by="household"
    )
    assert cancelled.status == OccurrenceStatus.CANCELLED


def test_the_structure_may_cancel_late_and_it_shows(setup, today):
    pattern = _pattern(setup, today + DAY)
    late = occurrence_cancel(
        actor=setup["planner"], occurrence=_on(pattern, today + DAY), by="structure"
    )
    assert late.status == OccurrenceStatus.CANCELLED and late.within_notice
    with pytest.raises(ValidationError):  # once cancelled, nothing to cancel
        occurrence_cancel(actor=setup["planner"], occurrence=late, by="structure")


def test_nobody_else_cancels_and_the_past_stays(world, setup, today):
    pattern = _pattern(setup, today + 5 * DAY)
    stranger = user_create(email="autre@tremplin.test", kind=UserKind.HOUSEHOLD, password=PASSWORD)
    occurrence = _on(pattern, today + 5 * DAY)
    with pytest.raises(PermissionDenied):
        occurrence_cancel(actor=stranger, occurrence=occurrence, by="household")
    with pytest.raises(PermissionDenied):
        occurrence_cancel(actor=world.user("accountant"), occurrence=occurrence, by="structure")
    past = _pattern(setup, today - 7 * DAY, days=3, times=(T(14), T(15)))
    with pytest.raises(ValidationError):
        occurrence_cancel(
            actor=setup["planner"], occurrence=_on(past, today - 7 * DAY), by="structure"
        )
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.PLANNED


def test_a_move_goes_through_the_checks_and_a_refusal_keeps_the_booking(world, setup, today):
    pattern = _pattern(setup, today + 5 * DAY, days=2)
    first = _on(pattern, today + 5 * DAY)
    moved = occurrence_move(
        actor=setup["planner"], occurrence=first, day=today + 5 * DAY, start=T(14), end=T(16)
    )
    assert (moved.assignment.start_time, moved.assignment.end_time) == (T(14), T(16))
    assert Assignment.objects.filter(request=pattern.request).count() == 2
    second = _on(pattern, today + 6 * DAY)
    booking = second.assignment_id
    with pytest.raises(ValidationError):  # meets the moved one (14:00–16:00)
        occurrence_move(
            actor=setup["planner"],
            occurrence=second,
            day=today + 5 * DAY,
            start=T(15),
            end=T(17),
        )
    second.refresh_from_db()
    assert second.assignment_id == booking and Assignment.objects.filter(pk=booking).exists()
    diy = make_service(world, activity="bricolage", name="Bricolage")
    pattern.service = diy
    pattern.save(update_fields=["service"])
    with pytest.raises(ValidationError):
        occurrence_move(
            actor=setup["planner"], occurrence=second, day=second.date, start=T(9), end=T(11, 15)
        )


def test_an_absence_frees_the_dates_and_replacements_rank_by_continuity_then_distance(
    world, setup, today
):
    household = setup["household"]  # in Lyon
    villeurbanne, givors = (Commune.objects.get(pk=c) for c in ("69266", "69091"))
    usual = hire(world, today, last_name="Attitree", number="999990000002")
    regular = hire(world, today, last_name="Habituelle", number="999990000003")
    near = hire(world, today, last_name="Voisine", number="999990000004")
    far = hire(world, today, last_name="Lointaine", number="999990000005")
    for person, commune in (
        (usual, givors),
        (regular, givors),
        (near, villeurbanne),
        (far, givors),
    ):
        person.commune = commune
        person.save(update_fields=["commune"])
    household.usual_intervenants.add(usual)
    # `regular` came to the household three times these past weeks.
    _pattern(setup, today - 21 * DAY, days=3, times=(T(16), T(17)), person=regular)
    pattern = _pattern(setup, today + 3 * DAY, days=7)
    _absence, freed = absence_record(
        actor=setup["planner"],
        person=setup["person"],
        starts_on=today + 4 * DAY,
        ends_on=today + 5 * DAY,
    )
    assert [o.date for o in freed] == [today + 4 * DAY, today + 5 * DAY]
    for occurrence in freed:
        occurrence.refresh_from_db()
        assert occurrence.status == OccurrenceStatus.TO_PLACE and occurrence.assignment is None
        assert not Assignment.objects.filter(request=pattern.request, date=occurrence.date).exists()
    assert _on(pattern, today + 3 * DAY).status == OccurrenceStatus.PLANNED
    proposals = replacement_proposals(actor=setup["planner"], occurrence=freed[0])
    # The absent one is not offered; a usual intervenant first, then continuity, then km.
    assert [p.person.pk for p in proposals] == [usual.pk, regular.pk, near.pk, far.pk]
    assert [p.visits for p in proposals] == [0, 3, 0, 0]
    assert proposals[2].km < proposals[3].km
    replaced = occurrence_replace(actor=setup["planner"], occurrence=freed[0], person=near)
    assert replaced.status == OccurrenceStatus.PLANNED and replaced.is_replacement
    assert replaced.assignment.person_id == near.pk
    # Booked now: `near` is no longer free at that time, the proposals of that day say so.
    again = replacement_proposals(actor=setup["planner"], occurrence=freed[0])
    assert near.pk not in [p.person.pk for p in again]


def test_hours_planned_against_hours_done(setup, today):
    pattern = _pattern(setup, today - 3 * DAY, days=3)
    clocked, confirmed, nothing = (_on(pattern, today - n * DAY) for n in (3, 2, 1))
    time_entry_create(
        actor=setup["planner"],
        person=setup["person"],
        client=setup["household"].client,
        date=clocked.date,
        hours=Decimal("2.25"),
        assignment=clocked.assignment,
    )
    planned_hours_confirm(actor=setup["planner"], occurrence=confirmed)
    with pytest.raises(ValidationError):
        planned_hours_confirm(actor=setup["planner"], occurrence=confirmed)
    rows = {
        row.occurrence.pk: row
        for month in {clocked.date.replace(day=1), nothing.date.replace(day=1)}
        for row in pattern_month_hours(actor=setup["planner"], pattern=pattern, month=month)
    }
    assert rows[clocked.pk].planned == Decimal(2)
    assert rows[clocked.pk].difference == Decimal("0.25")
    assert rows[confirmed.pk].difference == Decimal(0)
    assert rows[nothing.pk].entered is None and rows[nothing.pk].difference is None


def test_the_household_s_contract_sets_the_notice(setup, world, today):
    from tremplin.homecare.services.quotes import contract_sign

    contract_sign(
        actor=world.user("planner"),
        household=setup["household"],
        signed_on=today,
        starts_on=today,
        monthly_amount_incl_vat=Decimal("50.00"),
        notice_hours=72,
    )
    pattern = _pattern(setup, today + DAY)
    # 9:00 in three days is 71 hours away: in time for 48 hours, not for this contract's 72.
    with pytest.raises(ValidationError) as refused:
        occurrence_cancel(
            actor=setup["user"], occurrence=_on(pattern, today + 3 * DAY), by="household"
        )
    assert "72" in refused.value.messages[0]
    in_time = occurrence_cancel(
        actor=setup["user"], occurrence=_on(pattern, today + 4 * DAY), by="household"
    )
    assert in_time.status == OccurrenceStatus.CANCELLED
