"""Before an exit or an early end through the API, the assignments it would cancel: the
same lists as the pages show, at the boundary (the last day stays, the day after goes)."""

import datetime

from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import Assignment
from tremplin.people.models import ExitReason

from .test_later_work import DAY, _assign, hired  # noqa: F401 (a fixture)


def test_the_exit_preview_lists_the_assignments_after_the_day(world, client, today, hired):  # noqa: F811
    person, request = hired
    _assign(world, request, person, today)
    _assign(world, request, person, today + DAY)
    _assign(world, request, person, today + 8 * DAY)
    client.force_login(world.user("conseiller"))
    url = reverse("api:person-exit-later-work", args=[person.pk])
    client.get(url, {"date": today.isoformat()})  # the session's first reads out of the count
    with assert_query_count(9) as counted:
        response = client.get(url, {"date": today.isoformat()})
    assert response.status_code == 200
    rows = response.json()
    assert [row["date"] for row in rows] == [
        (today + DAY).isoformat(),
        (today + 8 * DAY).isoformat(),
    ]
    assert "Mme Petit" in rows[0]["label"] and "08:00" in rows[0]["label"]
    for weeks in (2, 3):
        _assign(world, request, person, today + weeks * 7 * DAY)
    with assert_query_count(len(counted.captured_queries)):
        client.get(url, {"date": today.isoformat()})
    # The day before: the day itself is listed too.
    before = client.get(url, {"date": (today - DAY).isoformat()}).json()
    assert before[0]["date"] == today.isoformat()
    # The exit through the API then cancels exactly those.
    created = client.post(
        reverse("api:exit-list"),
        {
            "person": person.pk,
            "exit_date": today.isoformat(),
            "reason": ExitReason.objects.first().pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert list(Assignment.objects.filter(person=person).values_list("date", flat=True)) == [today]
    assert client.get(url, {"date": today.isoformat()}).json() == []


def test_the_early_end_preview_and_its_refusals(world, client, today, hired):  # noqa: F811
    person, request = hired
    contract = person.contracts.get()
    _assign(world, request, person, today + 10 * DAY)
    _assign(world, request, person, today + 11 * DAY)
    url = reverse("api:contract-later-work", args=[contract.pk])
    client.force_login(world.user("conseiller"))
    last_day = (today + 10 * DAY).isoformat()
    rows = client.get(url, {"date": last_day}).json()
    assert [row["date"] for row in rows] == [(today + 11 * DAY).isoformat()]
    missing = client.get(url)
    assert missing.status_code == 400 and missing.json()["date"] == ["Ce champ est obligatoire."]
    assert client.get(url, {"date": "1800-01-01"}).status_code == 400
    # Who may not end the contract may not ask either: the planner reads the planning.
    client.force_login(world.user("planner"))
    assert client.get(url, {"date": last_day}).status_code == 403
    client.force_login(world.user("director"))
    other = client.get(
        reverse("api:person-exit-later-work", args=[person.pk + 10_000]), {"date": last_day}
    )
    assert other.status_code == 404
    assert datetime.date.fromisoformat(last_day) > today
