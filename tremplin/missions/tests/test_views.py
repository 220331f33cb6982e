import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import Assignment, Client, Invoice, MissionRequest, TimeEntry

from .conftest import START, hire, make_client, make_request

D = datetime.date


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "company", "siret": ""}, "siret", "SIRET"),
        ({"kind": "company", "siret": "55210055400014"}, "siret", "clé de contrôle"),
        ({"kind": "household", "commune": "Zzyzx"}, "commune", "Commune inconnue"),
        ({"kind": "household", "name": ""}, "name", "obligatoire"),
    ],
)
def test_client_form_errors_in_french_nothing_saved(world, client, data, field, message):
    client.force_login(world.user("planner"))
    post = {
        "kind": "household",
        "name": "Mme Durand",
        "address": "2 rue",
        "commune": "Lyon (69001)",
        **data,
    }
    response = client.post(reverse("missions:client_create"), post)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Client.objects.exists()


def test_planner_creates_a_client_a_request_and_assigns(world, client, employee):
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("missions:client_create"),
        {
            "kind": "company",
            "name": "Boulangerie Martin",
            "siret": "55210055400013",
            "address": "2 rue",
            "commune": "Lyon (69001)",
        },
    )
    created = Client.objects.get()
    assert response["Location"] == reverse("missions:client_detail", args=[created.pk])
    from tremplin.network.models import Activity

    response = client.post(
        reverse("missions:request_create", args=[created.pk]),
        {
            "activity": Activity.objects.get(code="proprete").pk,
            "commune": "Lyon (69001)",
            "start_date": "2025-01-06",
            "end_date": "2025-06-30",
            "hours": "40",
            "weekday": "0",
            "start_time": "08:00",
            "end_time": "12:00",
        },
    )
    mission = MissionRequest.objects.get()
    assert mission.slots.count() == 1
    url = reverse("missions:request_detail", args=[mission.pk])
    response = client.post(
        url, {"person": employee.pk, "day": "2025-01-06", "start": "08:00", "end": "12:00"}
    )
    assert response.status_code == 302
    response = client.post(
        url, {"person": employee.pk, "day": "2025-01-06", "start": "09:00", "end": "10:00"}
    )
    assert "déjà" in " ".join(response.context["form"].non_field_errors())
    assert Assignment.objects.count() == 1
    mission.refresh_from_db()
    assert mission.state == "planned"


def test_hours_validate_close_invoice_and_payroll(world, client, employee, prices):
    company = make_client(world, "company")
    request = make_request(world, company)
    Assignment.objects.create(
        request=request,
        person=employee,
        date=START,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        hours=Decimal(4),
    )
    client.force_login(world.user("planner"))
    url = reverse("missions:hours") + "?month=2025-01"
    client.post(
        url, {"person": employee.pk, "client": company.pk, "date": "2025-01-06", "hours": "4"}
    )
    entry = TimeEntry.objects.get()
    client.post(url, {"validate": "1", "entry": [entry.pk]})
    client.post(url, {"close": "1"})
    entry.refresh_from_db()
    assert entry.status == "validated"
    assert client.get(url).context["closed"] is True
    client.force_login(world.user("accountant"))
    client.post(reverse("missions:invoice_list") + "?month=2025-01")
    invoice = Invoice.objects.get()
    client.post(reverse("missions:invoice_issue", args=[invoice.pk]))
    invoice.refresh_from_db()
    assert invoice.reference.endswith("-00001")
    payroll = client.get(reverse("missions:payroll_export"), {"month": "2025-01"}).content.decode(
        "utf-8-sig"
    )
    assert "Employee;Léa" in payroll and ";4,00" in payroll


def test_client_list_query_count(world, client):
    client.force_login(world.user("planner"))
    for index in range(2):
        make_client(world, "household", name=f"Client {index}")
    # The count measured with 2 clients holds with 8: no query per row.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("missions:client_list"))
    for index in range(2, 8):
        make_client(world, "household", name=f"Client {index}")
    with assert_query_count(len(before.captured_queries)):
        client.get(reverse("missions:client_list"))


def test_planner_proposes_and_nothing_is_assigned_before_acceptance(world, client, employee):
    from tremplin.missions.models import RequestSlot

    household = make_client(world, "household", name="Mme Petit")
    request = make_request(world, household)
    RequestSlot.objects.create(
        request=request, weekday=1, start_time=datetime.time(9), end_time=datetime.time(11)
    )
    client.force_login(world.user("planner"))
    url = reverse("missions:week_proposal")
    response = client.get(url, {"semaine": "2025-01-06"})
    lines = response.context["lines"]
    assert [(line["slot"].day, line["person"]) for line in lines] == [(D(2025, 1, 7), employee)]
    assert not Assignment.objects.exists()
    response = client.post(
        url, {"semaine": "2025-01-06", "accept": "1", "line": [lines[0]["choices"][0][0]]}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.person, assignment.date, assignment.hours) == (
        employee,
        D(2025, 1, 7),
        Decimal(2),
    )
    # Proposed again: the slot is taken, nothing left to plan.
    assert client.get(url, {"semaine": "2025-01-06"}).context["lines"] == []


def test_api_assignment_rules_and_planner_run(world, client, employee):
    from tremplin.missions.models import RequestSlot

    request = make_request(world, make_client(world, "household", name="Mme Roy"))
    RequestSlot.objects.create(
        request=request, weekday=2, start_time=datetime.time(14), end_time=datetime.time(16)
    )
    client.force_login(world.user("planner"))
    url = reverse("api:assignment-list")
    body = {
        "request": request.pk,
        "person": employee.pk,
        "date": "2025-01-06",
        "start_time": "08:00",
        "end_time": "12:00",
    }
    assert client.post(url, body, content_type="application/json").status_code == 201
    response = client.post(
        url, {**body, "start_time": "10:00", "end_time": "11:00"}, content_type="application/json"
    )
    assert response.status_code == 400 and "déjà" in response.json()["non_field_errors"][0]
    response = client.post(
        reverse("api:planner-run"),
        {"structure": world.own.pk, "week": "2025-01-06"},
        content_type="application/json",
    )
    assert response.json()["assignments"] == [
        {"slot": f"{request.pk}:2025-01-08:1400", "person": employee.pk}
    ]
    assert Assignment.objects.count() == 1  # a proposal assigns nobody


def test_building_the_week_problem_has_a_fixed_query_count(world, employee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.missions.models import RequestSlot
    from tremplin.missions.planning import build_problem

    request = make_request(world, make_client(world, "company"))
    RequestSlot.objects.create(
        request=request, weekday=0, start_time=datetime.time(8), end_time=datetime.time(10)
    )
    planner = world.user("planner")
    build_problem(actor=planner, structure=world.own, monday=START)  # the user's scope, read once
    with CaptureQueriesContext(connection) as before:
        problem, _mapping = build_problem(actor=planner, structure=world.own, monday=START)
    assert len(problem.employees) == 1
    for index in range(4):
        hire(world, f"Extra{index}", f"99999000020{index}")
    with assert_query_count(len(before.captured_queries)):
        problem, _mapping = build_problem(actor=planner, structure=world.own, monday=START)
    assert len(problem.employees) == 5


def _place(request, person, day, start, end):
    return Assignment.objects.create(
        request=request,
        person=person,
        date=day,
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        hours=Decimal(end - start),
    )


def test_week_grid_shows_hours_against_the_contract_and_the_cap_left(world, client, employee):
    company = make_request(world, make_client(world, "company"))
    # 384 h with companies before this week: 80 % of the 480-hour cap, 96 h left.
    day = START - datetime.timedelta(days=7 * 64)
    for _week in range(64):
        _place(company, employee, day, 8, 14)
        day += datetime.timedelta(days=7)
    household = make_request(world, make_client(world, "household", name="M. Blanc"))
    _place(household, employee, START + datetime.timedelta(days=1), 9, 12)
    client.force_login(world.user("planner"))
    response = client.get(reverse("missions:week"), {"semaine": "2025-01-08"})
    (row,) = response.context["rows"]
    assert (row["person"], row["hours"], row["target"]) == (employee, 3.0, 35.0)
    assert (row["cap"].remaining, row["cap_warning"]) == (Decimal(96), True)
    assert [len(cell) for cell, _off in row["cells"]] == [0, 1, 0, 0, 0, 0, 0]
    assert "80 %" in response.content.decode()
    # One hour less with companies: 383 h used, no warning yet.
    Assignment.objects.filter(request=company).order_by("date").first().delete()
    _place(company, employee, START - datetime.timedelta(days=6), 8, 13)
    (row,) = client.get(reverse("missions:week"), {"semaine": "2025-01-08"}).context["rows"]
    assert (row["cap"].remaining, row["cap_warning"]) == (Decimal(97), False)


def test_week_grid_query_count_does_not_grow_with_the_employees(world, client, employee):

    household = make_request(world, make_client(world, "household"))
    _place(household, employee, START, 8, 10)
    client.force_login(world.user("planner"))
    url = reverse("missions:week")
    client.get(url, {"semaine": "2025-01-06"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url, {"semaine": "2025-01-06"})
    for index in range(3):
        person = hire(world, f"Extra{index}", f"99999000030{index}")
        _place(household, person, START + datetime.timedelta(days=index), 14, 16)
    with assert_query_count(len(before.captured_queries)):
        response = client.get(url, {"semaine": "2025-01-06"})
    assert len(response.context["rows"]) == 4


def test_an_assignment_comes_off_the_week_until_hours_are_entered(world, client, employee):
    request = make_request(world, make_client(world, "household"))
    first = _place(request, employee, START, 8, 10)
    second = _place(request, employee, START + datetime.timedelta(days=1), 8, 10)
    TimeEntry.objects.create(
        structure=world.own,
        person=employee,
        client=request.client,
        assignment=second,
        date=second.date,
        hours=Decimal(2),
    )
    client.force_login(world.user("planner"))
    response = client.post(reverse("missions:assignment_delete", args=[first.pk]))
    assert response.status_code == 302 and "semaine=2025-01-06" in response["Location"]
    client.post(reverse("missions:assignment_delete", args=[second.pk]))
    assert list(Assignment.objects.all()) == [second]
    client.force_login(world.user("accountant"))
    assert client.post(reverse("missions:assignment_delete", args=[second.pk])).status_code == 403


def test_the_staff_edits_a_proposal_before_accepting_it(world, client, employee):
    from tremplin.missions.models import RequestSlot

    other = hire(world, "Autre", "999990000401")
    request = make_request(world, make_client(world, "household", name="Mme Petit"))
    for weekday in (1, 3):
        RequestSlot.objects.create(
            request=request,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(11),
        )
    client.force_login(world.user("planner"))
    url = reverse("missions:week_proposal")
    lines = client.get(url, {"semaine": "2025-01-06"}).context["lines"]
    assert len(lines) == 2
    choices = {person: value for value, person, _proposed in lines[0]["choices"]}
    assert set(choices) == {employee, other}  # both could take it
    proposed = lines[0]["person"]
    instead = other if proposed == employee else employee
    # Tuesday to the other employee than proposed; Thursday to nobody.
    client.post(url, {"semaine": "2025-01-06", "accept": "1", "line": [choices[instead], ""]})
    assignment = Assignment.objects.get()
    assert (assignment.person, assignment.date) == (instead, D(2025, 1, 7))


def test_price_list_is_set_by_the_accountant_with_a_vat_ground(world, client):
    from tremplin.missions.models import PriceItem, VatRule
    from tremplin.network.models import Activity

    activity = Activity.objects.get(code="proprete")
    world.own.activities.add(activity)
    url = reverse("missions:price_list")
    client.force_login(world.user("accountant"))
    form = client.get(url).context["form"]
    assert f"rate_{activity.pk}" in form.fields and "vat_company" in form.fields
    data = {f"rate_{activity.pk}": "21,50", f"fee_{activity.pk}": "3", "vat_company": "20"}
    response = client.post(url, data)
    assert "ref_company" in response.context["form"].errors  # the legal ground is required
    assert not PriceItem.objects.exists() and not VatRule.objects.exists()
    client.post(url, {**data, "ref_company": "TVA au taux normal"})
    price = PriceItem.objects.get()
    assert (price.hourly_rate, price.travel_fee) == (Decimal("21.50"), Decimal(3))
    assert VatRule.objects.get().legal_reference == "TVA au taux normal"
    client.post(url, {f"rate_{activity.pk}": "", "vat_company": ""})  # emptied: removed
    assert not PriceItem.objects.exists() and not VatRule.objects.exists()
    client.force_login(world.user("planner"))
    assert client.get(url).status_code == 200  # read only
    assert client.post(url, data).status_code == 403


def test_request_gets_more_slots_then_is_closed(world, client, employee):
    request = make_request(world, make_client(world, "household"))
    url = reverse("missions:request_detail", args=[request.pk])
    client.force_login(world.user("planner"))
    slot = {"slot": "1", "slot-weekday": "2", "slot-start_time": "09:00", "slot-end_time": "11:00"}
    client.post(url, slot)
    response = client.post(url, {**slot, "slot-start_time": "10:00"})  # meets the first
    assert response.context["slot_form"].non_field_errors()
    assert request.slots.count() == 1
    _place(request, employee, D(2030, 1, 2), 9, 11)  # still to come
    client.post(url, {"close": "done"})
    request.refresh_from_db()
    assert request.state == "new"
    Assignment.objects.all().delete()
    client.post(url, {"close": "cancelled"})
    request.refresh_from_db()
    assert request.state == "cancelled"
    response = client.post(url, slot)
    assert "clos" in str(response.context["slot_form"].non_field_errors())


def test_the_price_list_api_reads_and_changes_what_the_page_does(world, client):
    from tremplin.missions.models import PriceItem, VatRule
    from tremplin.network.models import Activity

    cleaning = Activity.objects.get(code="proprete")
    world.own.activities.add(cleaning)
    url = reverse("api:price-list", args=[world.own.pk])
    client.force_login(world.user("accountant"))
    listed = client.get(url).json()
    assert listed["rates"] == [
        {
            "activity": cleaning.pk,
            "activity_label": cleaning.name,
            "hourly_rate": None,
            "travel_fee": "0.00",
        }
    ]
    assert {v["client_kind"]: v["rate"] for v in listed["vat"]}["company"] is None
    body = {
        "rates": [{"activity": cleaning.pk, "hourly_rate": "21.50", "travel_fee": "3"}],
        "vat": [{"client_kind": "company", "rate": "20"}],
    }
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and "fondement légal" in refused.content.decode()
    assert not PriceItem.objects.exists() and not VatRule.objects.exists()  # nothing half-saved
    body["vat"][0]["legal_reference"] = "TVA au taux normal"
    saved = client.post(url, body, content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["rates"][0]["hourly_rate"] == "21.50"
    price = PriceItem.objects.get()
    assert (price.hourly_rate, price.travel_fee) == (Decimal("21.50"), Decimal(3))
    # An activity the structure does not do is refused, saying what to do.
    other = Activity.objects.exclude(pk=cleaning.pk).first()
    unknown = client.post(
        url,
        {"rates": [{"activity": other.pk, "hourly_rate": "10"}]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "activités" in unknown.content.decode()
    # Null takes the price off; what is not listed is kept.
    client.post(
        url,
        {"rates": [{"activity": cleaning.pk, "hourly_rate": None}]},
        content_type="application/json",
    )
    assert not PriceItem.objects.exists() and VatRule.objects.count() == 1
    # The same queries however many activities the structure does.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    world.own.activities.add(*Activity.objects.exclude(pk=cleaning.pk)[:3])
    with assert_query_count(len(one.captured_queries)):
        assert len(client.get(url).json()["rates"]) == 4
    client.force_login(world.user("planner"))
    assert client.get(url).status_code == 200  # read only
    assert client.post(url, body, content_type="application/json").status_code == 403
