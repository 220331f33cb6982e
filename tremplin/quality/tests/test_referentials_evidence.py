"""What Tremplin computes for a requirement, from hand-built paths: counts and shares only,
over the twelve months that end on the self-assessment's date."""

import datetime

import pytest
from django.utils import translation

from tremplin.people.models import (
    Action,
    Barrier,
    BarrierStatusChange,
    CommitmentContract,
    Contract,
    Interview,
    Person,
)
from tremplin.quality import evidence
from tremplin.quality.evidence import Period, evidence_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_french():
    """The messages are read in French, whatever a test before left active."""
    with translation.override("fr"):
        yield


D = datetime.date
UNTIL = D(2026, 10, 31)  # the period: 1 November 2025 – 31 October 2026


def person(structure, name, *, hired_on=None, signed_on=None, ends_on=None):
    p = Person.objects.create(
        structure=structure,
        last_name=name,
        first_names="Camille",
        sex="F",
        birth_date=D(1990, 1, 1),
        search_name=name.lower(),
    )
    if hired_on:
        Contract.objects.create(
            person=p,
            structure=structure,
            kind="cddi",
            start_date=hired_on,
            planned_end_date=ends_on or hired_on + datetime.timedelta(days=180),
            weekly_hours=26,
        )
    if signed_on:
        CommitmentContract.objects.create(person=p, signed_on=signed_on, goals="Permis B")
    return p


def value(key, structure, until=UNTIL):
    (item,) = evidence_for(key, structure_id=structure.pk, until=until)
    return item


def test_the_period_is_the_twelve_months_ending_on_the_day():
    assert Period.year_until(UNTIL) == Period(D(2025, 11, 1), UNTIL)
    assert Period.year_until(D(2028, 2, 29)) == Period(D(2027, 3, 1), D(2028, 2, 29))


def test_commitment_within_n_days_counts_day_n_and_not_day_n_plus_one(world, settings):
    settings.QUALITY_COMMITMENT_CONTRACT_DAYS = 30
    hired = D(2026, 3, 2)
    person(world.own, "Jour30", hired_on=hired, signed_on=hired + datetime.timedelta(days=30))
    person(world.own, "Jour31", hired_on=hired, signed_on=hired + datetime.timedelta(days=31))
    person(world.own, "Avant", hired_on=hired, signed_on=hired - datetime.timedelta(days=2))
    person(world.own, "Sans", hired_on=hired)
    # Hired before the period: not counted, whatever their contract.
    person(world.own, "Ancien", hired_on=D(2025, 10, 31), signed_on=D(2025, 11, 1))
    # Another structure's hires are not this structure's.
    person(world.other, "Ailleurs", hired_on=hired, signed_on=hired)
    item = value("people.commitment_contract_within_days", world.own)
    assert item.value == "50 % (2 sur 4)"
    assert "30 jours" in item.label
    assert item.period == Period(D(2025, 11, 1), UNTIL)


def test_commitment_counts_the_first_contract_of_the_person(world, settings):
    settings.QUALITY_COMMITMENT_CONTRACT_DAYS = 10
    p = person(world.own, "Renouvelé", hired_on=D(2026, 1, 5), signed_on=D(2026, 1, 15))
    # A second contract later does not move the hiring date.
    Contract.objects.create(
        person=p,
        structure=world.own,
        kind="cddi",
        start_date=D(2026, 8, 1),
        planned_end_date=D(2026, 12, 31),
        weekly_hours=26,
    )
    assert value("people.commitment_contract_within_days", world.own).value == "100 % (1 sur 1)"


def test_no_hire_in_the_period_says_so(world):
    item = value("people.commitment_contract_within_days", world.own)
    assert item.value == "aucun cas sur la période"


def test_interviews_per_path_over_the_people_whose_contract_ran(world):
    a = person(world.own, "A", hired_on=D(2026, 1, 5))
    b = person(world.own, "B", hired_on=D(2025, 6, 1), ends_on=D(2025, 11, 1))  # ends on day 1
    gone = person(world.own, "C", hired_on=D(2025, 1, 1), ends_on=D(2025, 10, 31))  # before
    for day in (D(2026, 2, 1), D(2026, 5, 1), D(2026, 10, 31), D(2026, 11, 1)):
        Interview.objects.create(person=a, date=day, kind="follow_up")
    Interview.objects.create(person=b, date=D(2025, 11, 1), kind="review")
    Interview.objects.create(person=gone, date=D(2025, 11, 2), kind="review")
    # 4 interviews in the period (a: 3, b: 1; the one of 1 November 2026 is after it) for 2
    # paths; the person whose contract ended before the period is not counted.
    assert value("people.interviews_per_path", world.own).value == (
        "2,0 (4 entretiens, 2 parcours)"
    )


def test_barriers_followed_by_an_action_or_a_change_of_status(world):
    p = person(world.own, "Freins", hired_on=D(2026, 1, 5))
    moved = Barrier.objects.create(person=p, category="mobility", identified_on=D(2026, 2, 1))
    BarrierStatusChange.objects.create(barrier=moved, status="in_progress", date=D(2026, 3, 1))
    Barrier.objects.filter(pk=moved.pk).update(status="in_progress")
    acted = Barrier.objects.create(person=p, category="housing", identified_on=D(2026, 2, 1))
    Action.objects.create(
        person=p, kind="referral", title="Orientation", start_date=D(2026, 2, 3), barrier=acted
    )
    Action.objects.create(
        person=p, kind="training", title="Autre", start_date=D(2026, 2, 3), barrier=acted
    )
    Barrier.objects.create(person=p, category="digital", identified_on=D(2026, 4, 1))
    Barrier.objects.create(person=p, category="health", identified_on=D(2025, 10, 31))  # before
    assert value("people.barriers_followed", world.own).value == "67 % (2 sur 3)"


def test_nothing_for_an_unknown_or_empty_key(world):
    assert evidence_for("", structure_id=world.own.pk, until=UNTIL) == []
    assert evidence_for("people.nothing", structure_id=world.own.pk, until=UNTIL) == []
    assert not evidence.is_known("qualiopi.33") and evidence.is_known("qualiopi.32")


def test_qualiopi_evidence_comes_from_the_training_app(world):
    from django.urls import reverse

    from tremplin.training.tests.money_builders import make_course

    # Nothing published yet: nothing shown.
    assert evidence_for("qualiopi.1", structure_id=world.own.pk, until=UNTIL) == []
    make_course("accueil")
    (item,) = evidence_for("qualiopi.1", structure_id=world.own.pk, until=UNTIL)
    assert item.url == reverse("training:catalogue")
    assert item.value.startswith("1 ")
    # An indicator Tremplin holds nothing for (13: apprenticeship) shows nothing.
    assert evidence_for("qualiopi.13", structure_id=world.own.pk, until=UNTIL) == []
