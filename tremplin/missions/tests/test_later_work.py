"""An exit or a contract's early end cancels the person's later assignments, after showing
them, so that the planner can give them to someone else: at the boundary, an assignment
on the last day stays, the day after goes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.missions.models import Assignment
from tremplin.missions.services.assignments import assignment_create
from tremplin.people.models import ExitReason
from tremplin.people.services import contracts, exits
from tremplin.people.tests.conftest import make_approval, make_person

from .conftest import make_client, make_request

T = datetime.time
DAY = datetime.timedelta(days=1)


@pytest.fixture
def hired(world, today):
    """Someone under a CDDI from 60 days ago to 200 days ahead, and a request around it."""
    person = make_person(world, last_name="Depart")
    make_approval(world, person, today - 60 * DAY)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 200 * DAY,
        weekly_hours=Decimal(26),
    )
    request = make_request(
        world,
        make_client(world, "household", name="Mme Petit"),
        start=today - 60 * DAY,
        end=today + 400 * DAY,
    )
    return person, request


def _assign(world, request, person, day):
    return assignment_create(
        actor=world.user("planner"),
        request=request,
        person=person,
        day=day,
        start=T(8),
        end=T(12),
    )


def test_an_exit_cancels_the_assignments_after_its_day_only(world, today, hired):
    person, request = hired
    on_the_day = _assign(world, request, person, today)
    _assign(world, request, person, today + DAY)
    _assign(world, request, person, today + 8 * DAY)
    listed = exits.exit_later_work(person, today)
    assert [work.day for work in listed] == [today + DAY, today + 8 * DAY]
    assert "Mme Petit" in listed[0].label and "08:00" in listed[0].label
    exits.exit_record(
        actor=world.user("conseiller"),
        person=person,
        exit_date=today,
        reason=ExitReason.objects.first(),
    )
    assert list(Assignment.objects.filter(person=person)) == [on_the_day]


def test_an_early_end_keeps_what_another_contract_covers(world, today, hired):
    person, request = hired
    first = person.contracts.get()
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today + 201 * DAY,
        planned_end_date=today + 380 * DAY,
        weekly_hours=Decimal(26),
    )
    last_day = today + 30 * DAY
    kept = [_assign(world, request, person, d) for d in (last_day, today + 205 * DAY)]
    _assign(world, request, person, last_day + DAY)
    _assign(world, request, person, today + 100 * DAY)
    assert [w.day for w in contracts.contract_later_work(first, last_day)] == [
        last_day + DAY,
        today + 100 * DAY,
    ]
    contracts.contract_end_early(
        actor=world.user("conseiller"), contract=first, end_date=last_day, reason="other"
    )
    assert sorted(Assignment.objects.filter(person=person), key=lambda a: a.date) == kept


def test_the_exit_page_shows_the_assignments_then_cancels_them_once_confirmed(
    world, client, today, hired
):
    person, request = hired
    _assign(world, request, person, today + DAY)
    client.force_login(world.user("conseiller"))
    url = reverse("people:exit_create", args=[person.pk])
    data = {"exit_date": today.isoformat(), "reason": ExitReason.objects.first().pk}
    data["pass_decision"] = "keep"
    response = client.post(url, data)
    assert response.status_code == 200
    assert [w.day for w in response.context["later"]] == [today + DAY]
    assert "Mme Petit" in response.content.decode()
    assert not person.exits.exists() and Assignment.objects.count() == 1
    # A confirmation for another day does not count: the list is shown again.
    stale = {**data, "confirm_later": (today - DAY).isoformat()}
    assert client.post(url, stale).context["later"]
    response = client.post(url, {**data, "confirm_later": today.isoformat()})
    assert response.status_code == 302
    assert person.exits.count() == 1 and not Assignment.objects.exists()
    # The week grid has nothing left of them after the exit.
    client.force_login(world.user("planner"))
    week = client.get(reverse("missions:week"), {"semaine": (today + DAY).isoformat()})
    assert all(
        row["person"] != person or not any(c for c, _ in row["cells"])
        for row in week.context["rows"]
    )


def test_an_exit_with_nothing_planned_later_is_recorded_at_once(world, client, today, hired):
    person, _request = hired
    client.force_login(world.user("conseiller"))
    response = client.post(
        reverse("people:exit_create", args=[person.pk]),
        {
            "exit_date": today.isoformat(),
            "reason": ExitReason.objects.first().pk,
            "pass_decision": "keep",
        },
    )
    assert response.status_code == 302
    assert person.exits.count() == 1


def test_the_week_grid_flags_an_assignment_left_without_a_contract(world, client, today, hired):
    # Hours entered for a day after the contract's end keep their assignment (the hours
    # keep their mission): it stays, and the grid says it is to reassign. (The pinned days
    # are not Mondays: the contract still runs on a day of that week.)
    from tremplin.missions.services.hours import time_entry_create

    person, request = hired
    kept = _assign(world, request, person, today)
    time_entry_create(
        actor=world.user("planner"),
        person=person,
        client=request.client,
        date=today,
        hours=Decimal(4),
        assignment=kept,
    )
    contracts.contract_end_early(
        actor=world.user("conseiller"),
        contract=person.contracts.get(),
        end_date=today - DAY,
        reason="other",
    )
    assert Assignment.objects.filter(pk=kept.pk).exists()
    client.force_login(world.user("planner"))
    page = client.get(reverse("missions:week"), {"semaine": today.isoformat()})
    assert "À réaffecter" in page.content.decode()
