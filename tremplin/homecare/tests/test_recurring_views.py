"""The recurring interventions' pages and API: a planner plans a service and replaces an
absent intervenant; the household sees first names only and cancels in time; lists keep
their query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tremplin.accounts.models import UserKind
from tremplin.accounts.services import structure_membership_add, user_create
from tremplin.common.testing import assert_query_count
from tremplin.homecare.models import Occurrence, OccurrenceStatus, RecurringPattern
from tremplin.homecare.services.recurring import recurring_pattern_create
from tremplin.missions.models import Assignment

from .recurring_builders import DAY, T, hire, make_household, make_service, next_weekday

PASSWORD = "Un-mot-de-passe-solide-42"


MORNING = (T(9), T(11))


def _plan(world, household, service, person, start, weeks=2, times=MORNING):
    pattern, _ = recurring_pattern_create(
        actor=world.user("planner"),
        household=household,
        service=service,
        person=person,
        weekdays=[start.weekday()],
        start_time=times[0],
        end_time=times[1],
        starts_on=start,
        ends_on=start + (weeks * 7 - 1) * DAY,
        skip_holidays=False,
    )
    return pattern


def test_the_planner_plans_a_recurring_service_from_the_page(world, client, today):
    person = hire(world, today)
    household = make_household(world)
    service = make_service(world)
    client.force_login(world.user("planner"))
    url = reverse("homecare:recurring_create")
    assert client.get(url).status_code == 200
    start = next_weekday(today + 2 * DAY, 1)
    response = client.post(
        url,
        {
            "household": household.pk,
            "service": service.pk,
            "person": person.pk,
            "frequency": "biweekly",
            "weekdays": [1, 3],
            "start_time": "09:00",
            "end_time": "11:00",
            "starts_on": start.isoformat(),
            "ends_on": (start + 27 * DAY).isoformat(),
        },
    )
    pattern = RecurringPattern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("homecare:recurring_detail", args=[pattern.pk])
    # Every other week, Tuesday and Thursday, over four weeks: four dates.
    assert pattern.occurrences.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "FREQ=WEEKLY;INTERVAL=2" in page and person.full_name in page
    refused = client.post(
        url,
        {
            "household": household.pk,
            "service": service.pk,
            "frequency": "weekly",
            "start_time": "11:00",
            "end_time": "09:00",
            "starts_on": start.isoformat(),
            "ends_on": start.isoformat(),
        },
    )
    assert refused.status_code == 200 and RecurringPattern.objects.count() == 1


def test_an_absence_then_a_replacement_from_the_pages(world, client, today):
    person = hire(world, today)
    other = hire(world, today, last_name="Remplacante", number="999990000002")
    household = make_household(world)
    start = next_weekday(today + 3 * DAY, 2)
    pattern = _plan(world, household, make_service(world), person, start)
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("homecare:absence_list"),
        {"person": person.pk, "starts_on": start.isoformat(), "ends_on": start.isoformat()},
    )
    assert response.status_code == 302
    freed = pattern.occurrences.get(date=start)
    assert freed.status == OccurrenceStatus.TO_PLACE
    listing = client.get(reverse("homecare:recurring_list")).content.decode()
    assert reverse("homecare:occurrence_detail", args=[freed.pk]) in listing
    page = client.get(reverse("homecare:occurrence_detail", args=[freed.pk])).content.decode()
    assert other.full_name in page and f'name="replace" value="{other.pk}"' in page
    assert f'name="replace" value="{person.pk}"' not in page  # absent
    client.post(reverse("homecare:occurrence_detail", args=[freed.pk]), {"replace": other.pk})
    freed.refresh_from_db()
    assert freed.status == OccurrenceStatus.PLANNED and freed.assignment.person_id == other.pk


def test_the_household_sees_first_names_and_cancels_in_time(world, client, today):
    user = user_create(email="foyer@tremplin.test", kind=UserKind.HOUSEHOLD, password=PASSWORD)
    structure_membership_add(user=user, structure=world.own, role="client")
    person = hire(world, today)
    household = make_household(world, user=user)
    start = next_weekday(today + 4 * DAY, 0)
    pattern = _plan(world, household, make_service(world), person, start)
    client.force_login(user)
    page = client.get(reverse("homecare:my_coming")).content.decode()
    assert person.first_names in page and person.last_name not in page.upper()
    occurrence = pattern.occurrences.get(date=start)
    response = client.post(reverse("homecare:my_occurrence_cancel", args=[occurrence.pk]))
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    assert not Assignment.objects.filter(pk__in=[occurrence.assignment_id or 0]).exists()
    # Another household's date is not found.
    stranger = make_household(world, name="M. Autre")
    theirs = _plan(
        world, stranger, make_service(world, name="Repassage"), person, start, times=(T(14), T(15))
    )
    response = client.post(
        reverse("homecare:my_occurrence_cancel", args=[theirs.occurrences.first().pk])
    )
    assert response.status_code == 404


def test_lists_keep_their_query_count(world, client, today):
    service = make_service(world)
    people = [hire(world, today, last_name=f"Pers{i}", number=f"99999000001{i}") for i in range(6)]
    start = next_weekday(today + 2 * DAY, 3)

    def add(index):
        _plan(world, make_household(world, name=f"Foyer {index}"), service, people[index], start)

    client.force_login(world.user("planner"))
    add(0)
    add(1)
    pattern = RecurringPattern.objects.first()
    urls = [
        reverse("homecare:recurring_list"),
        reverse("homecare:recurring_detail", args=[pattern.pk]),
        reverse("homecare:recurring_hours", args=[pattern.pk]),
        reverse("homecare:absence_list"),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as before:
            assert client.get(url).status_code == 200
        counts.append(len(before.captured_queries))
    for index in range(2, 6):
        add(index)
    for url, count in zip(urls, counts, strict=True):
        with assert_query_count(count):
            client.get(url)


def test_the_api_plans_reads_and_cancels(world, client, today):
    person = hire(world, today)
    household = make_household(world)
    service = make_service(world)
    client.force_login(world.user("planner"))
    start = next_weekday(today + 5 * DAY, 4)
    body = {
        "household": household.pk,
        "service": service.pk,
        "person": person.pk,
        "weekdays": [start.weekday()],
        "start_time": "08:00",
        "end_time": "10:00",
        "starts_on": start.isoformat(),
        "ends_on": (start + 13 * DAY).isoformat(),
        "skip_holidays": False,
    }
    headers = {"Idempotency-Key": "plan-1"}
    created = client.post(
        "/api/v1/homecare/recurring/", body, content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    again = client.post(
        "/api/v1/homecare/recurring/", body, content_type="application/json", headers=headers
    )
    assert again.json() == created.json() and RecurringPattern.objects.count() == 1
    data = created.json()
    assert [o["status"] for o in data["occurrences"]] == ["planned", "planned"]
    assert data["rule"].startswith("FREQ=WEEKLY")
    first = data["occurrences"][0]["id"]
    cancelled = client.post(
        f"/api/v1/homecare/occurrences/{first}/cancel/",
        {"by": "structure"},
        content_type="application/json",
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    diy = make_service(world, activity="bricolage", name="Bricolage")
    refused = client.post(
        "/api/v1/homecare/recurring/",
        {
            **body,
            "service": diy.pk,
            "end_time": "10:15",
            "starts_on": (start + 7 * DAY).isoformat(),
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "end_time" in refused.json()
    assert Occurrence.objects.filter(status="cancelled").count() == 1


def test_the_detail_page_carries_a_pattern_on_and_stops_it(world, client, today):
    person = hire(world, today)
    start = next_weekday(today + 2 * DAY, 2)
    pattern = _plan(world, make_household(world), make_service(world), person, start, weeks=1)
    client.force_login(world.user("planner"))
    url = reverse("homecare:recurring_detail", args=[pattern.pk])
    client.post(url, {"extend": "1", "extend-ends_on": (start + 14 * DAY).isoformat()})
    assert pattern.occurrences.count() == 3
    refused = client.post(url, {"stop": "1", "stop-last_day": (start + 30 * DAY).isoformat()})
    assert refused.status_code == 200  # after the last day: said on the form
    client.post(url, {"stop": "1", "stop-last_day": (start + 6 * DAY).isoformat()})
    assert pattern.occurrences.filter(status="cancelled").count() == 2
    # A tampered form is a 404, never a crash.
    hours = reverse("homecare:recurring_hours", args=[pattern.pk])
    assert client.post(hours, {"confirm": "x"}).status_code == 404


def test_the_api_records_an_absence_proposes_replaces_moves_extends_and_stops(world, client, today):
    person = hire(world, today)
    other = hire(world, today, last_name="Relais", number="999990000002")
    start = next_weekday(today + 3 * DAY, 1)
    pattern = _plan(world, make_household(world), make_service(world), person, start)
    client.force_login(world.user("planner"))

    def post(url, body):
        return client.post(url, body, content_type="application/json")

    absence = post(
        "/api/v1/homecare/absences/",
        {"person": person.pk, "starts_on": start.isoformat(), "ends_on": start.isoformat()},
    )
    assert absence.status_code == 201
    (freed,) = absence.json()["to_place"]
    proposals = client.get(f"/api/v1/homecare/occurrences/{freed}/proposals/").json()
    assert [p["person"] for p in proposals] == [other.pk]
    replaced = post(f"/api/v1/homecare/occurrences/{freed}/replace/", {"person": other.pk})
    assert replaced.status_code == 200 and replaced.json()["person"] == other.pk
    second = pattern.occurrences.get(date=start + 7 * DAY)
    moved = post(
        f"/api/v1/homecare/occurrences/{second.pk}/move/",
        {"day": second.date.isoformat(), "start": "15:00", "end": "17:00"},
    )
    assert moved.status_code == 200 and moved.json()["start_time"] == "15:00"
    with CaptureQueriesContext(connection) as queries:
        extended = post(
            f"/api/v1/homecare/recurring/{pattern.pk}/extend/",
            {"ends_on": (start + 20 * DAY).isoformat()},
        )
    assert extended.status_code == 200 and len(extended.json()["occurrences"]) == 3
    # The pattern is read with the joins its tenancy needs (household, client), not every
    # relation of it: PostgreSQL once spent minutes on a 46-table join here.
    (read, *_rest) = [q["sql"] for q in queries if 'FROM "homecare_recurringpattern"' in q["sql"]]
    assert read.count(" JOIN ") <= 2, read
    stopped = post(
        f"/api/v1/homecare/recurring/{pattern.pk}/stop/",
        {"last_day": (start + 8 * DAY).isoformat()},
    )
    assert stopped.status_code == 200
    assert [o["status"] for o in stopped.json()["occurrences"]] == [
        "planned",
        "planned",
        "cancelled",
    ]
    client.force_login(world.user("accountant"))
    refused = post(
        f"/api/v1/homecare/recurring/{pattern.pk}/extend/",
        {"ends_on": (start + 20 * DAY).isoformat()},
    )
    assert refused.status_code == 403
    # Carried on again by the planner: the date the stop cancelled is booked again.
    client.force_login(world.user("planner"))
    again = post(
        f"/api/v1/homecare/recurring/{pattern.pk}/extend/",
        {"ends_on": (start + 20 * DAY).isoformat()},
    )
    assert again.status_code == 200
    assert [o["status"] for o in again.json()["occurrences"]] == ["planned"] * 3
