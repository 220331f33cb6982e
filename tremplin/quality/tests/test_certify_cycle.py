"""The certification cycle's dates at their edges, and the daily check that suspends a
certification whose surveillance audit is one day late."""

import datetime

import pytest

from tremplin.quality import cycle
from tremplin.quality.models import AuditKind, Certification, Decision
from tremplin.quality.services import certification as services
from tremplin.quality.tasks import certifications_check_task

from .routes_groups import audit, certified

DECIDED = datetime.date(2025, 11, 18)
D = datetime.date


def test_a_grant_is_valid_three_years_less_a_day():
    assert cycle.expiry_for(DECIDED) == D(2028, 11, 17)
    assert cycle.expiry_for(D(2024, 2, 29)) == D(2027, 2, 27)  # 28 Feb 2027, less a day


def test_a_renewal_before_expiry_continues_from_the_expiry():
    assert cycle.expiry_for(D(2028, 9, 1), previous_expiry=D(2028, 11, 17)) == D(2031, 11, 17)
    # Renewed after the expiry: a new cycle from the decision.
    assert cycle.expiry_for(D(2028, 12, 1), previous_expiry=D(2028, 11, 17)) == D(2031, 11, 30)


def _certification():
    return Certification(cycle_started_on=DECIDED, expires_on=cycle.expiry_for(DECIDED))


def test_two_surveillances_then_the_recertification():
    state = cycle.cycle_state(_certification(), [])
    assert [(d.kind, d.number, d.due_by) for d in state.dues] == [
        (AuditKind.SURVEILLANCE, 1, D(2026, 11, 18)),
        (AuditKind.SURVEILLANCE, 2, D(2027, 11, 18)),
        (AuditKind.RECERTIFICATION, 0, D(2028, 11, 17)),
    ]
    assert state.next_due().number == 1
    assert state.to_plan().number == 1


@pytest.mark.parametrize(
    "on,late",
    [(D(2026, 11, 17), False), (D(2026, 11, 18), False), (D(2026, 11, 19), True)],
)
def test_the_first_surveillance_is_late_the_day_after_its_due_date(on, late):
    state = cycle.cycle_state(_certification(), [])
    assert (state.late_surveillance(on) is not None) is late


def test_a_held_surveillance_counts_and_a_planned_one_does_not():
    planned = cycle.AuditFacts(1, AuditKind.SURVEILLANCE, "planned", D(2026, 11, 10))
    state = cycle.cycle_state(_certification(), [planned])
    assert state.late_surveillance(D(2026, 11, 19)) is not None
    assert state.to_plan() is None  # planned: nothing to plan
    held = cycle.AuditFacts(1, AuditKind.SURVEILLANCE, "reported", D(2026, 11, 10))
    state = cycle.cycle_state(_certification(), [held])
    assert state.late_surveillance(D(2026, 11, 19)) is None
    assert state.next_due().number == 2
    # An audit of the previous cycle does not count for this one.
    old = cycle.AuditFacts(2, AuditKind.SURVEILLANCE, "decided", D(2025, 1, 10))
    assert cycle.cycle_state(_certification(), [old]).next_due().number == 1


def test_the_second_surveillance_is_late_the_day_after_its_anniversary():
    held = cycle.AuditFacts(1, AuditKind.SURVEILLANCE, "decided", D(2026, 10, 1))
    state = cycle.cycle_state(_certification(), [held])
    assert state.late_surveillance(D(2027, 11, 18)) is None
    assert state.late_surveillance(D(2027, 11, 19)).number == 2


@pytest.mark.parametrize(
    "on,suspended",
    [(D(2026, 11, 17), False), (D(2026, 11, 18), False), (D(2026, 11, 19), True)],
    ids=["day-before", "due-day", "day-after"],
)
def test_the_daily_check_suspends_one_day_late(structure, on, suspended):
    certification = certified(structure, started_on=DECIDED)  # surveillance 1 by 18/11/2026
    counts = services.certifications_check(on=on)
    certification.refresh_from_db()
    assert (certification.status == "suspended") is suspended
    assert counts["suspended"] == int(suspended)
    if suspended:
        decision = Decision.objects.get(certification=certification)
        assert decision.outcome == "suspend" and "18/11/2026" in decision.reasons
        assert certification.suspended_on == on
        # Idempotent: a second run (a retry, the next day) suspends nothing more.
        assert services.certifications_check(on=on) == {"suspended": 0, "expired": 0}
        assert Decision.objects.filter(certification=certification).count() == 1
    else:
        assert not Decision.objects.filter(certification=certification).exists()


def test_the_daily_job_runs_the_check_once_a_day(structure, today):
    # Decided 400 days ago: the first surveillance is late, the certificate still valid.
    certification = certified(structure, started_on=today - datetime.timedelta(days=400))
    certifications_check_task.call(today.isoformat())
    certifications_check_task.call(today.isoformat())  # the same day again: skipped
    certification.refresh_from_db()
    assert certification.status == "suspended"
    assert certification.decisions.count() == 1


def test_a_held_surveillance_keeps_the_certification(structure):
    certification = certified(structure, started_on=DECIDED)
    audit(certification, kind="surveillance", status="in_progress", starts_on=D(2026, 11, 18))
    assert services.certifications_check(on=D(2026, 11, 19))["suspended"] == 0
    certification.refresh_from_db()
    assert certification.status == "certified"


@pytest.mark.parametrize("on,expired", [(D(2028, 11, 17), False), (D(2028, 11, 18), True)])
def test_a_certification_expires_the_day_after_its_validity(structure, on, expired):
    certification = certified(structure, started_on=DECIDED)
    for held_on in (D(2026, 10, 1), D(2027, 10, 1)):
        audit(certification, kind="surveillance", status="decided", starts_on=held_on)
    counts = services.certifications_check(on=on)
    certification.refresh_from_db()
    assert (certification.status == "expired") is expired
    assert counts["expired"] == int(expired)
