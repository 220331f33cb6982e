"""API writes that never lie: under parallel writers every success is one row and nothing
answers 5xx (the observatory refresh left the request's commit path), and a retry with
the same Idempotency-Key writes nothing."""

import datetime
import http.client
import json
import threading
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django import test as django_test
from django.db import connection
from django.utils.crypto import get_random_string

from tremplin.common.models import IdempotencyKey
from tremplin.missions.models import Assignment, TimeEntry
from tremplin.observatory.models import Figure, StaleSlice

from .conftest import START, make_client, make_request

URL = "/api/v1/heures/"
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL (SQLite runs one writer at a time); CI's "
    "PostgreSQL pass runs them",
)


def _entry(employee, client, day=START, hours="2.00"):
    return {"person": employee.pk, "client": client.pk, "date": str(day), "hours": hours}


def _post(http, body, key=None, url=URL):
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(url, body, content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_replays_the_first_answer_and_writes_nothing(
    world, employee, client
):
    client.force_login(world.user("planner"))
    customer = make_client(world)
    first = _post(client, _entry(employee, customer), key="saisie-1")
    assert first.status_code == 201
    again = _post(client, _entry(employee, customer), key="saisie-1")
    assert (again.status_code, again.json()) == (201, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert TimeEntry.objects.count() == 1
    other = _post(client, _entry(employee, customer), key="saisie-2")  # a new key: a new entry
    assert other.status_code == 201 and TimeEntry.objects.count() == 2
    assert _post(client, _entry(employee, customer)).status_code == 201  # no key: no guard
    assert TimeEntry.objects.count() == 3


def test_the_same_key_with_another_body_is_refused_in_french(world, employee, client):
    client.force_login(world.user("planner"))
    customer = make_client(world)
    assert _post(client, _entry(employee, customer), key="k").status_code == 201
    response = _post(client, _entry(employee, customer, hours="3.00"), key="k")
    assert response.status_code == 422
    assert "déjà servi" in response.json()["detail"]
    assert TimeEntry.objects.count() == 1


def test_keys_belong_to_their_user_and_expire(world, employee, client, settings):
    customer = make_client(world)
    client.force_login(world.user("planner"))
    assert _post(client, _entry(employee, customer), key="k").status_code == 201
    director = django_test.Client()
    director.force_login(world.user("director"))
    assert _post(director, _entry(employee, customer), key="k").status_code == 201
    assert TimeEntry.objects.count() == 2
    IdempotencyKey.objects.update(expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert _post(client, _entry(employee, customer), key="k").status_code == 201
    assert TimeEntry.objects.count() == 3  # expired: the key is new again


def test_a_refused_request_keeps_no_key(world, employee, client):
    client.force_login(world.user("planner"))
    customer = make_client(world)
    future = datetime.date.today() + datetime.timedelta(days=2)
    refused = _post(client, _entry(employee, customer, day=future), key="k")
    assert refused.status_code == 400 and not IdempotencyKey.objects.exists()
    assert _post(client, _entry(employee, customer), key="k").status_code == 201


def test_a_key_longer_than_255_characters_is_refused(world, employee, client):
    client.force_login(world.user("planner"))
    response = _post(client, _entry(employee, make_client(world)), key="k" * 256)
    assert response.status_code == 400 and "255" in str(response.json())
    assert not TimeEntry.objects.exists()


# Real parallel clients, through a live server (one thread per request) on PostgreSQL.


class _Http:
    """A logged-in client of the live server, one connection per call."""

    def __init__(self, live_server, user):
        session = django_test.Client()
        session.force_login(user)
        self.netloc = urlsplit(live_server.url).netloc
        csrf = get_random_string(32)
        self.headers = {
            "Cookie": f"sessionid={session.cookies['sessionid'].value}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/json",
        }

    def post(self, url, body, key=None):
        conn = http.client.HTTPConnection(self.netloc, timeout=60)
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        try:
            conn.request("POST", url, json.dumps(body), headers)
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            conn.close()


def _in_parallel(calls):
    """Run the calls at once (a barrier), each in its own thread; their answers."""
    barrier, answers = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            answers[index] = call()
        except Exception as exc:  # collected: an exception in a thread would be lost
            answers[index] = (599, repr(exc))

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_parallel_writers_get_no_5xx_and_each_success_is_one_row(
    world, employee, live_server
):
    customer = make_client(world)
    http = _Http(live_server, world.user("planner"))
    days = [START + datetime.timedelta(days=d) for d in range(8)]

    def writer(day):
        return lambda: [
            http.post(URL, _entry(employee, customer, day=day, hours="1.00"), key=f"{day}-{n}")
            for n in range(3)
        ]

    answers = [a for batch in _in_parallel([writer(day) for day in days]) for a in batch]
    statuses = [status for status, _body in answers]
    assert all(status < 500 for status in statuses), answers
    created = {body["id"] for status, body in answers if 200 <= status < 300}
    assert len(created) == statuses.count(201) == 24
    assert TimeEntry.objects.count() == 24

    # Every client retries every request with its key, at once: nothing more is written.
    retries = _in_parallel([writer(day) for day in days])
    assert {body["id"] for batch in retries for status, body in batch if status == 201} == created
    assert all(status == 201 for batch in retries for status, _body in batch)
    assert TimeEntry.objects.count() == 24

    # The refresh ran as a job after the commits (immediate backend): the figures hold
    # the 24 hours, computed once per slice however many writers marked it.
    assert not StaleSlice.objects.exists()
    assert Figure.objects.get(
        structure=world.own, year=START.year, period="Y", key="hours", category="time_entries"
    ).value == Decimal(24)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_writes_once(world, employee, live_server):
    http = _Http(live_server, world.user("planner"))
    body = _entry(employee, make_client(world))
    answers = _in_parallel([lambda: http.post(URL, body, key="together")] * 4)
    assert all(status in (201, 409) for status, _body in answers), answers
    assert len({body["id"] for status, body in answers if status == 201}) == 1
    assert TimeEntry.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_planners_book_back_to_back_slots_at_once(world, employee, live_server):
    from tremplin.accounts import services as account_services
    from tremplin.accounts.models import StructureRole, UserKind

    second = account_services.user_create(
        email="planning2@tremplin.test", kind=UserKind.STRUCTURE_STAFF, password="x" * 12
    )
    account_services.structure_membership_add(
        user=second, structure=world.own, role=StructureRole.PLANNER
    )
    request = make_request(world, make_client(world, "household"))
    planners = [_Http(live_server, world.user("planner")), _Http(live_server, second)]
    slots = [("08:00", "10:00"), ("10:00", "12:00")]

    def book(http, start, end):
        slot = {"request": request.pk, "person": employee.pk, "date": str(START)}
        return lambda: http.post(
            "/api/v1/affectations/", {**slot, "start_time": start, "end_time": end}
        )

    answers = _in_parallel([book(http, *slot) for http, slot in zip(planners, slots, strict=True)])
    assert [status for status, _body in answers] == [201, 201], answers
    assert Assignment.objects.filter(person=employee).count() == 2
