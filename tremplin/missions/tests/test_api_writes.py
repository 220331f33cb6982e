"""Idempotency-Key on API writes: a retry with the same key writes nothing and gets the
first answer (the parallel clients: observatory/tests/test_parallel_writes.py)."""

import datetime

from django import test as django_test

from tremplin.common.models import IdempotencyKey
from tremplin.conftest import pinned_today
from tremplin.missions.models import TimeEntry

from .conftest import START, make_client

URL = "/api/v1/heures/"


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
    future = pinned_today() + datetime.timedelta(days=2)
    refused = _post(client, _entry(employee, customer, day=future), key="k")
    assert refused.status_code == 400 and not IdempotencyKey.objects.exists()
    assert _post(client, _entry(employee, customer), key="k").status_code == 201


def test_a_key_longer_than_255_characters_is_refused(world, employee, client):
    client.force_login(world.user("planner"))
    response = _post(client, _entry(employee, make_client(world)), key="k" * 256)
    assert response.status_code == 400 and "255" in str(response.json())
    assert not TimeEntry.objects.exists()
