"""After an exit or a contract's early end, the planners are given the cancelled slots to
reassign: listed « À réaffecter » on their home and on the request's page with a link that
prefills the slot, told once by e-mail after commit, cleared when the slot is assigned again
(or let go)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.missions import tasks
from tremplin.missions.models import CancelledAssignment
from tremplin.missions.services.assignments import assignment_create
from tremplin.people.models import ExitReason
from tremplin.people.services import contracts
from tremplin.people.tests.conftest import make_approval, make_person

from .conftest import make_client, make_request

T = datetime.time
DAY = datetime.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}


def _hire(world, today, last_name):
    person = make_person(world, last_name=last_name)
    make_approval(world, person, today - 60 * DAY, number=f"99999{person.pk:07d}")
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 200 * DAY,
        weekly_hours=Decimal(26),
    )
    return person


@pytest.fixture
def planned(world, today):
    """Someone leaving with two later assignments, someone staying, and the request."""
    leaving, staying = _hire(world, today, "Depart"), _hire(world, today, "Relais")
    request = make_request(
        world,
        make_client(world, "household", name="Mme Petit"),
        start=today - 60 * DAY,
        end=today + 100 * DAY,
    )
    for day in (today + DAY, today + 8 * DAY):
        assignment_create(
            actor=world.user("planner"),
            request=request,
            person=leaving,
            day=day,
            start=T(8),
            end=T(12),
        )
    return leaving, staying, request


def _exit(client, world, person, today, **extra):
    client.force_login(world.user("conseiller"))
    data = {
        "exit_date": today.isoformat(),
        "reason": ExitReason.objects.first().pk,
        "pass_decision": "keep",
        **extra,
    }
    return client.post(reverse("people:exit_create", args=[person.pk]), data)


def test_an_exit_gives_the_planner_its_two_slots_to_reassign(
    world, client, today, planned, django_capture_on_commit_callbacks
):
    leaving, staying, request = planned
    # The CIP's exit page lists both before anything is cancelled.
    shown = _exit(client, world, leaving, today)
    assert [w.day for w in shown.context["later"]] == [today + DAY, today + 8 * DAY]
    assert "Mme Petit" in shown.content.decode()
    assert not CancelledAssignment.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _exit(client, world, leaving, today, confirm_later=today.isoformat())
    assert confirmed.status_code == 302
    records = list(CancelledAssignment.objects.order_by("date"))
    assert [(r.date, r.start_time, r.end_time, r.person, r.reason) for r in records] == [
        (today + DAY, T(8), T(12), leaving, "exit"),
        (today + 8 * DAY, T(8), T(12), leaving, "exit"),
    ]
    assert {r.cancelled_by for r in records} == {world.user("conseiller")}
    # The planners are told once, after the commit.
    (notice,) = mail.outbox
    assert notice.to == ["planner@tremplin.test"]
    assert (today + 8 * DAY).strftime("%d/%m/%Y") in notice.body
    # Neither the employee's name nor the household's leaves the login: the commune does.
    for name in ("Depart", "DEPART", "Mme Petit"):
        assert name not in notice.body and name not in notice.subject
    assert "un particulier à Lyon" in notice.body
    assert reverse("missions:reassign_list") in notice.body
    assert tasks.reassign_notice_task.call(sorted(r.pk for r in records)) is None  # done
    assert len(mail.outbox) == 1

    # The planner's home shows both, each with a link that prefills the slot.
    client.force_login(world.user("planner"))
    home = client.get(reverse("missions:reassign_list"), **HTMX).content.decode()
    assert home.count("DEPART") == 2 and "sortie" in home
    link = (
        f"{reverse('missions:request_detail', args=[request.pk])}"
        f"?jour={(today + DAY).isoformat()}&amp;de=08:00&amp;a=12:00#assign"
    )
    assert link in home
    page = client.get(
        reverse("missions:request_detail", args=[request.pk]),
        {"jour": (today + DAY).isoformat(), "de": "08:00", "a": "12:00"},
    )
    assert len(page.context["to_reassign"]) == 2
    form = page.context["form"]
    assert (form.initial["day"], form.initial["start"], form.initial["end"]) == (
        (today + DAY).isoformat(),
        "08:00",
        "12:00",
    )
    assert 'name="start" value="08:00"' in page.content.decode()
    # Someone else takes the first slot: it leaves the list, the second stays.
    assert (
        client.post(
            reverse("missions:request_detail", args=[request.pk]),
            {
                "person": staying.pk,
                "day": (today + DAY).isoformat(),
                "start": "08:00",
                "end": "12:00",
                "assign": "1",
            },
        ).status_code
        == 302
    )
    records[0].refresh_from_db()
    assert records[0].closed_at and records[0].reassigned_to.person == staying
    left = client.get(reverse("missions:reassign_list"))
    assert [r.pk for r in left.context["rows"]] == [records[1].pk]
    assert "Mme Petit" in left.content.decode()


def test_only_a_slot_that_meets_the_cancelled_times_clears_it(world, client, today, planned):
    leaving, staying, request = planned
    _exit(client, world, leaving, today, confirm_later=today.isoformat())

    def assign(start, end):
        return assignment_create(
            actor=world.user("planner"),
            request=request,
            person=staying,
            day=today + DAY,
            start=start,
            end=end,
        )

    assign(T(12), T(14))  # begins as the cancelled slot ends: another slot
    assert CancelledAssignment.objects.open().count() == 2
    assign(T(11), T(12))  # meets 08:00–12:00
    assert CancelledAssignment.objects.open().count() == 1


def test_an_early_end_says_so_and_a_planner_may_let_a_slot_go(world, client, today, planned):
    leaving, _staying, _request = planned
    contracts.contract_end_early(
        actor=world.user("conseiller"),
        contract=leaving.contracts.get(),
        end_date=today,
        reason="other",
    )
    first, second = CancelledAssignment.objects.order_by("date")
    assert first.reason == second.reason == "early_end"
    client.force_login(world.user("planner"))
    url = reverse("missions:reassign_list")
    assert "rupture anticipée du contrat" in client.get(url).content.decode()
    dismiss = reverse("missions:reassign_dismiss", args=[first.pk])
    assert client.post(dismiss).status_code == 302
    assert [r.pk for r in client.get(url).context["rows"]] == [second.pk]
    page = client.post(dismiss, follow=True).content.decode()
    assert "déjà" in page  # let go twice: said so, nothing changed
    # Who does not plan sees nothing on their home, and is refused the page.
    client.force_login(world.user("accountant"))
    assert client.get(url, **HTMX).content == b""
    assert client.get(url).status_code == 403
    assert client.post(dismiss).status_code in (403, 404)


def test_the_list_runs_a_fixed_number_of_queries(world, client, today, planned):
    leaving, _staying, request = planned
    _exit(client, world, leaving, today, confirm_later=today.isoformat())
    client.force_login(world.user("planner"))
    url = reverse("missions:reassign_list")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    baseline = len(first.captured_queries)  # read now: the next request clears the log
    other = _hire(world, today, "Autre")
    for week in range(2, 6):
        assignment_create(
            actor=world.user("planner"),
            request=request,
            person=other,
            day=today + week * 7 * DAY,
            start=T(14),
            end=T(16),
        )
    _exit(client, world, other, today, confirm_later=today.isoformat())
    client.force_login(world.user("planner"))
    with assert_query_count(baseline):
        response = client.get(url)
    assert len(response.context["rows"]) == 6


def test_the_api_lists_the_slots_and_lets_one_go(world, client, today, planned):
    leaving, _staying, request = planned
    contracts.contract_end_early(
        actor=world.user("conseiller"),
        contract=leaving.contracts.get(),
        end_date=today,
        reason="other",
    )
    first, second = CancelledAssignment.objects.order_by("date")
    client.force_login(world.user("planner"))
    url = reverse("api:to-reassign-list")
    listed = client.get(url, {"structure": world.own.pk}).json()
    assert [
        (row["id"], row["request"], row["date"], row["start_time"], row["reason"]) for row in listed
    ] == [
        (first.pk, request.pk, first.date.isoformat(), "08:00:00", "early_end"),
        (second.pk, request.pk, second.date.isoformat(), "08:00:00", "early_end"),
    ]
    assert client.get(url, {"structure": world.other.pk}).status_code == 404
    assert client.get(url).json() == {"structure": ["Indiquez le numéro de la structure."]}
    dismiss = reverse("api:to-reassign-dismiss", args=[first.pk])
    assert client.post(dismiss, HTTP_IDEMPOTENCY_KEY="let-go-1").status_code == 204
    assert [row["id"] for row in client.get(url, {"structure": world.own.pk}).json()] == [second.pk]
    again = client.post(dismiss, HTTP_IDEMPOTENCY_KEY="let-go-2")
    assert again.status_code == 400 and "déjà" in str(again.json())
    client.force_login(world.user("accountant"))
    assert client.get(url, {"structure": world.own.pk}).status_code == 403
