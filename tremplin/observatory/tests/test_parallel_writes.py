"""Writes that never lie, with real parallel clients through a live server (a thread per
request) on PostgreSQL: no 5xx, every success exactly one row, retries with the same
Idempotency-Key write nothing; the observatory's refresh runs as a job after the commits
and gives the figures of a full rebuild."""

import datetime
import http.client
import json
import threading
from urllib.parse import urlsplit

import pytest
from django import test as django_test
from django.db import connection
from django.utils.crypto import get_random_string

from tremplin.missions.models import Assignment, TimeEntry
from tremplin.missions.tests.conftest import START, employee, make_client, make_request
from tremplin.observatory import maintenance
from tremplin.observatory.models import Figure, StaleSlice

__all__ = ["employee"]  # a fixture of the missions' tests

URL = "/api/v1/heures/"
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL (SQLite runs one writer at a time); CI's "
    "PostgreSQL pass runs them",
)


def _entry(employee, client, day=START, hours="2.00"):
    return {"person": employee.pk, "client": client.pk, "date": str(day), "hours": hours}


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
            content = response.read()
            try:
                return response.status, json.loads(content or b"null")
            except ValueError:  # an HTML error page
                return response.status, content[:200]
        except OSError as exc:  # counted as a server failure
            return 599, repr(exc)
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

    # The refresh ran as a job after each commit (immediate backend here): no slice left
    # stale, and the figures are those a full rebuild computes.
    assert not StaleSlice.objects.exists()
    fresh = _figures(world)
    assert fresh
    maintenance.rebuild(years=[START.year])
    assert _figures(world) == fresh


def _figures(world):
    return set(
        Figure.objects.filter(structure=world.own).values_list(
            "year", "period", "key", "category", "value", "people"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_writes_once(world, employee, live_server):
    http = _Http(live_server, world.user("planner"))
    body = _entry(employee, make_client(world))
    answers = _in_parallel([lambda: http.post(URL, body, key="together")] * 4)
    assert all(status in (201, 409) for status, _body in answers), answers
    assert len({body["id"] for status, body in answers if status == 201}) == 1
    assert TimeEntry.objects.count() == 1


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
