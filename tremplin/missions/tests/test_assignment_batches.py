"""An assignment over a period, or every week of a request, at once: each day checked by
the rules of a single assignment, the accepted days saved together, the refused listed
with their reason; people who left are never offered; the request starts from the
client's address."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.missions.models import Assignment, RequestSlot
from tremplin.missions.services.assignments import assignment_create_many, weekly_days
from tremplin.people.models import ExitReason
from tremplin.people.services import contracts, exits
from tremplin.people.tests.conftest import make_approval, make_person

from .conftest import make_client, make_request

T = datetime.time
DAY = datetime.timedelta(days=1)


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


@pytest.fixture
def hired(world, today):
    person = make_person(world, last_name="Periode")
    make_approval(world, person, today - 60 * DAY)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 200 * DAY,
        weekly_hours=Decimal(20),
    )
    request = make_request(
        world,
        make_client(world, "household", name="M. Blanc"),
        start=today - 60 * DAY,
        end=today + 300 * DAY,
    )
    return person, request


def test_a_period_keeps_the_days_the_rules_accept_and_lists_the_others(world, today, hired):
    person, request = hired
    monday = _monday(today) + 7 * DAY
    days = [monday + i * DAY for i in range(6)]  # 6 × 4 h in a week of a 20-hour contract
    batch = assignment_create_many(
        actor=world.user("planner"),
        request=request,
        person=person,
        days=days,
        start=T(8),
        end=T(12),
    )
    assert [a.date for a in batch.created] == days[:5]  # 20 h
    assert [day for day, _ in batch.refused] == [days[5]]
    assert "20" in batch.refused[0][1][0] and "semaine" in batch.refused[0][1][0]
    assert Assignment.objects.count() == 5


def test_every_week_of_the_request_from_today_on(world, today, hired):
    _person, request = hired
    days = weekly_days(request, 2, from_day=today)
    assert days[0] - today < 7 * DAY and days[0] >= today
    assert all(d.weekday() == 2 for d in days) and days[-1] > request.end_date - 7 * DAY
    assert all(b - a == 7 * DAY for a, b in itertools.pairwise(days))


def test_the_page_assigns_every_week_and_lists_the_days_after_the_contract(
    world, client, today, hired
):
    person, request = hired
    slot = RequestSlot.objects.create(
        request=request, weekday=today.weekday(), start_time=T(9), end_time=T(11)
    )
    client.force_login(world.user("planner"))
    url = reverse("missions:request_detail", args=[request.pk])
    response = client.post(url, {"weekly": "1", "weekly-person": person.pk, "weekly-slot": slot.pk})
    assert response.status_code == 200
    contract_end = today + 200 * DAY
    created = Assignment.objects.filter(person=person)
    assert created.count() == len(
        [d for d in weekly_days(request, today.weekday(), from_day=today) if d <= contract_end]
    )
    refused = response.context["refused"]
    assert refused and all(day > contract_end for day, _ in refused)
    assert "contrat" in refused[0][1]
    page = response.content.decode()
    assert "refusé" in page


def test_a_period_on_the_page_with_weekdays(world, client, today, hired):
    person, request = hired
    monday = _monday(today) + 14 * DAY
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("missions:request_detail", args=[request.pk]),
        {
            "assign": "1",
            "person": person.pk,
            "day": monday.isoformat(),
            "until": (monday + 13 * DAY).isoformat(),
            "weekdays": ["0", "3"],
            "start": "08:00",
            "end": "12:00",
        },
    )
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("date", flat=True)) == [
        monday,
        monday + 3 * DAY,
        monday + 7 * DAY,
        monday + 10 * DAY,
    ]


def test_a_period_ending_before_it_starts_is_refused(world, client, today, hired):
    person, request = hired
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("missions:request_detail", args=[request.pk]),
        {
            "person": person.pk,
            "day": today.isoformat(),
            "until": (today - DAY).isoformat(),
            "start": "08:00",
            "end": "12:00",
        },
    )
    assert response.context["form"].errors["until"]
    assert not Assignment.objects.exists()


def test_people_who_left_are_not_offered(world, client, today, hired):
    person, request = hired
    gone = make_person(world, last_name="Parti")
    make_approval(world, gone, today - 60 * DAY, number="999990000077")
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=gone,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 200 * DAY,
        weekly_hours=Decimal(20),
    )
    exits.exit_record(
        actor=world.user("conseiller"),
        person=gone,
        exit_date=today - DAY,
        reason=ExitReason.objects.first(),
    )
    never = make_person(world, last_name="Jamais")  # no contract at all
    client.force_login(world.user("planner"))
    response = client.get(reverse("missions:request_detail", args=[request.pk]))
    offered = list(response.context["form"].fields["person"].queryset)
    assert person in offered and gone not in offered and never not in offered
    assert list(response.context["weekly_form"].fields["person"].queryset) == offered
    # Nor in the week's proposal: on the days after the exit they are not available.
    RequestSlot.objects.create(
        request=request, weekday=today.weekday(), start_time=T(9), end_time=T(11)
    )
    monday = _monday(today) + 7 * DAY
    proposal = client.get(reverse("missions:week_proposal"), {"semaine": monday.isoformat()})
    for line in proposal.context["lines"]:
        assert all(p != gone for _, p, _ in line["choices"])


def test_a_new_request_starts_from_the_clients_address(world, client):
    household = make_client(world, "household", name="Mme Vicq")
    client.force_login(world.user("planner"))
    response = client.get(reverse("missions:request_create", args=[household.pk]))
    form = response.context["form"]
    assert form["address"].value() == "1 rue du Port"
    assert form["commune"].value() == household.commune.label
    page = response.content.decode()
    assert 'value="1 rue du Port"' in page and household.commune.label in page
