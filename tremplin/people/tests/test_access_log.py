"""The access log: one row per request (and structure), what it read, who may read it."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.common.testing import assert_query_count
from tremplin.people import access_log
from tremplin.people.models import AccessEvent, Contract, Person

from .conftest import make_person

D = datetime.date


def bulk_people(structure, count, prefix="Nom"):
    Person.objects.bulk_create(
        Person(
            structure=structure,
            last_name=f"{prefix}{index:03d}",
            first_names="Léa",
            sex="F",
            birth_date=D(1990, 1, 1),
            search_name=f"{prefix.lower()}{index:03d}",
        )
        for index in range(count)
    )
    return list(
        Person.objects.filter(structure=structure, last_name__startswith=prefix)
        .order_by("last_name")
        .values_list("pk", flat=True)
    )


def test_a_list_of_50_people_is_one_row_in_one_insert(world, client):
    ids = bulk_people(world.own, 50)
    client.force_login(world.user("planner"))
    # session, user, scope (2), navigation memberships, conseillers, count, page, the log.
    with assert_query_count(9) as queries:
        response = client.get(reverse("people:person_list"))
    assert response.status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    event = AccessEvent.objects.get()
    assert (event.user, event.structure, event.kind) == (world.user("planner"), world.own, "list")
    assert event.route == "people:person_list"
    assert event.people == 50 and event.person_ids == sorted(ids)


def test_a_paginated_list_logs_the_people_of_its_page_only(world, client):
    ids = bulk_people(world.own, 55)
    client.force_login(world.user("conseiller"))
    client.get(reverse("people:person_list"), {"page": 2})
    assert AccessEvent.objects.get().person_ids == sorted(ids[50:])


def test_the_search_terms_are_not_kept(world, client):
    bulk_people(world.own, 3, prefix="Dupont")
    client.force_login(world.user("conseiller"))
    client.get(reverse("people:person_list"), {"q": "dupont"})
    event = AccessEvent.objects.get()
    assert "dupont" not in str(event.__dict__).lower()


def test_a_streamed_csv_export_is_logged_when_sent(world, client):
    ids = bulk_people(world.own, 4)
    client.force_login(world.user("director"))
    response = client.get(reverse("people:person_export"))
    assert response.streaming and not AccessEvent.objects.exists()
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Nom003" in body
    event = AccessEvent.objects.get()
    assert (event.kind, event.people, event.person_ids) == ("export", 4, sorted(ids))


def test_an_xlsx_export_is_logged(world, client):
    ids = bulk_people(world.own, 3)
    client.force_login(world.user("director"))
    response = client.get(reverse("people:person_export"), {"format": "xlsx"})
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.kind, event.person_ids) == ("export", sorted(ids))


def test_an_api_list_logs_the_rows_it_returned(world, client):
    ids = bulk_people(world.own, 5)
    client.force_login(world.user("conseiller"))
    response = client.get(reverse("api:person-list"), {"limit": 2, "offset": 1})
    returned = [row["id"] for row in response.json()["results"]]
    assert len(returned) == 2 and set(returned) <= set(ids)
    event = AccessEvent.objects.get()
    assert (event.kind, event.route, event.person_ids) == (
        "api",
        "api:person-list",
        sorted(returned),
    )


def test_rows_about_a_person_log_that_person(world, client, person):
    Contract.objects.create(
        person=person, structure=world.own, kind="cddi", start_date=D(2025, 1, 6), weekly_hours=26
    )
    client.force_login(world.user("conseiller"))
    # The contract row names its person; the person's structure is read once more.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:contract-list")).status_code == 200
    assert AccessEvent.objects.get().person_ids == [person.pk]
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 1


def test_a_request_reading_two_structures_writes_one_row_for_each(world, client, aci):
    mine = make_person(world, last_name="Rhône")
    theirs = Person.objects.create(
        structure=aci, last_name="Aci", first_names="Léa", sex="F", birth_date=D(1990, 1, 1)
    )
    client.force_login(world.user("conseiller"))
    client.get(reverse("api:person-list"))
    rows = {e.structure_id: e.person_ids for e in AccessEvent.objects.all()}
    assert rows == {world.own.pk: [mine.pk], aci.pk: [theirs.pk]}


def test_a_page_reading_nobody_writes_nothing(world, client):
    client.force_login(world.user("conseiller"))
    client.get(reverse("people:rules_table"))
    client.logout()
    client.get("/")
    assert not AccessEvent.objects.exists()


def test_a_failing_log_does_not_break_the_answer_but_says_so(world, client, monkeypatch, caplog):
    bulk_people(world.own, 2)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(access_log, "events_of", broken)
    client.force_login(world.user("conseiller"))
    with caplog.at_level(logging.WARNING, logger="tremplin.people.access_log"):
        response = client.get(reverse("people:person_list"))
    assert response.status_code == 200
    assert "Access log not written" in caplog.text


# --- The director reads the log -----------------------------------------------------------


def _event(world, user, person_ids, at):
    return AccessEvent.objects.create(
        user=user,
        structure=world.own,
        at=at,
        route="people:person_list",
        kind="list",
        people=len(person_ids),
        person_ids=person_ids,
    )


def test_the_director_reads_the_structures_log_with_a_fixed_query_count(world, client):
    at = timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0))
    for day in range(2):
        _event(world, world.user("planner"), [1, 2], at + datetime.timedelta(days=day))
    client.force_login(world.user("director"))
    url = reverse("people:access_log")
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in range(2, 12):
        _event(world, world.user("accountant"), [3], at + datetime.timedelta(days=day))
    with assert_query_count(len(before.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 12
    response = client.get(url, {"user": world.user("planner").pk})
    assert [e.user for e in response.context["page"]] == [world.user("planner")] * 2
    response = client.get(url, {"since": "2025-03-15", "until": "2025-03-16"})
    assert [e.at.date() for e in response.context["page"]] == [D(2025, 3, 16), D(2025, 3, 15)]


def test_the_persons_consultations_list_who_read_the_file(world, client, person):
    other = make_person(world, last_name="Autre")
    at = timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0))
    _event(world, world.user("planner"), [person.pk], at)
    _event(world, world.user("accountant"), [other.pk, person.pk + 100], at)
    client.force_login(world.user("director"))
    response = client.get(reverse("people:person_consultations", args=[person.pk]))
    assert response.status_code == 200
    assert [e.user for e in response.context["page"]] == [world.user("planner")]
    assert (
        "Consultations"
        in client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    )


@pytest.mark.parametrize("role", ["conseiller", "planner", "accountant", "delegate", "federation"])
def test_only_the_director_reads_the_log(world, client, person, role):
    client.force_login(world.user(role))
    assert client.get(reverse("people:access_log")).status_code == 404
    url = reverse("people:person_consultations", args=[person.pk])
    assert client.get(url).status_code == 404
