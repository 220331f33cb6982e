"""The employee's own space: coming and past missions, clocking in and out once, entering
hours through the time-entry checks, contracts and documents — their own rows only."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import Assignment, Clocking, Invoice, TimeEntry
from tremplin.people.tests.conftest import make_person

from .conftest import make_client, make_request

D = datetime.date
T = datetime.time


def _assign(request, person, day, start=9, end=11):
    return Assignment.objects.create(
        request=request,
        person=person,
        date=day,
        start_time=T(start),
        end_time=T(end),
        hours=Decimal(end - start),
    )


class Space:
    """The world's employee account linked to a person of world.own, with missions."""

    def __init__(self, world, person, today):
        self.user = world.user("employee")
        person.user = self.user
        person.save(update_fields=["user"])
        self.person = person
        self.household = make_client(world, "household", name="M. Blanc")
        self.company = make_client(world, "company", name="Garage Dupont")
        home = make_request(world, self.household)
        garage = make_request(world, self.company)
        day = datetime.timedelta(days=1)
        self.today = _assign(home, person, today, 14, 16)
        self.coming = _assign(garage, person, today + 2 * day)
        self.to_enter = _assign(home, person, today - day)
        self.validated = _assign(garage, person, today - 3 * day)
        self.invoiced = _assign(home, person, today - 10 * day)
        for assignment, status in ((self.validated, "validated"), (self.invoiced, "validated")):
            TimeEntry.objects.create(
                structure=world.own,
                person=person,
                client=assignment.request.client,
                assignment=assignment,
                date=assignment.date,
                hours=assignment.hours,
                status=status,
            )
        invoice = Invoice.objects.create(
            structure=world.own,
            client=self.household,
            period_start=self.invoiced.date,
            period_end=self.invoiced.date,
        )
        TimeEntry.objects.filter(assignment=self.invoiced).update(invoice=invoice)


@pytest.fixture
def space(world, employee, today, client):
    space = Space(world, employee, today)
    client.force_login(space.user)
    return space


def test_home_shows_today_and_coming_missions_with_address_and_map(space, client, settings):
    settings.LANGUAGE_CODE = "fr"
    response = client.get(reverse("missions:my_week"))
    assert response.status_code == 200
    today = [row.assignment for row in response.context["today_rows"]]
    coming = [row.assignment for row in response.context["coming_rows"]]
    assert (today, coming) == ([space.today], [space.coming])
    html = response.content.decode()
    assert "Garage Dupont" in html and "1 rue du Port, 69001 Lyon" in html
    assert "https://www.openstreetmap.org/?mlat=" in html and 'href="geo:' in html
    assert "Pointer l’arrivée" in html or "Pointer l'arrivée" in html
    # The past mission without hours is pointed at, past ones are not listed here.
    assert response.context["to_enter"] == 1
    assert "CDDI" in html and "35,00 h par semaine" in html


def test_past_missions_show_hours_and_status_labels_in_a_constant_number_of_queries(
    space, client, settings, world
):
    settings.LANGUAGE_CODE = "fr"
    url = reverse("missions:my_past")
    client.get(url)  # the session and membership, warmed up
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    baseline = len(first.captured_queries)
    request = space.today.request
    for days in range(20, 30):  # ten more past missions, with hours
        past = _assign(request, space.person, space.today.date - datetime.timedelta(days=days))
        TimeEntry.objects.create(
            structure=world.own,
            person=space.person,
            client=request.client,
            assignment=past,
            date=past.date,
            hours=past.hours,
        )
    with assert_query_count(baseline):
        response = client.get(url)
    rows = {row.assignment: row for row in response.context["rows"]}
    assert space.today not in rows and space.coming not in rows
    labels = {a: rows[a].status_label for a in (space.to_enter, space.validated, space.invoiced)}
    assert labels == {
        space.to_enter: "Heures à saisir",
        space.validated: "Heures validées",
        space.invoiced: "Heures facturées",
    }
    html = response.content.decode()
    assert "2,00 h" in html and "draft" not in html and "validated" not in html


def test_clocking_in_and_out_is_recorded_once_even_on_a_double_tap(space, client):
    clock_in = reverse("missions:my_clock_in", args=[space.today.pk])
    clock_out = reverse("missions:my_clock_out", args=[space.today.pk])
    start = timezone.now()
    assert client.post(clock_in).status_code == 302
    client.post(clock_in)
    clocking = Clocking.objects.get()
    assert (clocking.person, clocking.clocked_out_at) == (space.person, None)
    assert abs((clocking.clocked_in_at - start).total_seconds()) < 60
    # Entering the hours by hand while clocked in is refused: the clock-out makes them.
    response = client.post(reverse("missions:my_hours", args=[space.today.pk]), {"hours": "2"})
    assert "pointez le départ" in response.content.decode()
    with time_machine.travel(clocking.clocked_in_at + datetime.timedelta(hours=2, seconds=20)):
        client.post(clock_out)
        response = client.post(clock_out, follow=True)
    assert "déjà" in response.content.decode()
    entry = TimeEntry.objects.get(assignment=space.today)
    assert (entry.hours, entry.status, entry.entered_by) == (Decimal("2.00"), "draft", space.user)
    clocking.refresh_from_db()
    assert clocking.time_entry == entry and clocking.clocked_out_at is not None


def test_clocking_in_is_for_the_day_of_the_mission_only(space, client):
    for assignment in (space.coming, space.to_enter):
        response = client.post(reverse("missions:my_clock_in", args=[assignment.pk]), follow=True)
        assert "le jour de la mission" in response.content.decode()
    response = client.post(reverse("missions:my_clock_out", args=[space.today.pk]), follow=True)
    assert "Pointez d’abord l’arrivée" in response.content.decode()
    assert not Clocking.objects.exists()
    assert not TimeEntry.objects.filter(assignment=space.today).exists()


def test_entering_hours_of_a_past_mission_goes_through_the_time_entry_checks(space, client):
    url = reverse("missions:my_hours", args=[space.to_enter.pk])
    assert client.get(url).context["form"].initial["hours"] == Decimal(2)
    # Over the legal daily maximum (10 h): refused, in French, nothing saved.
    response = client.post(url, {"hours": "10,5"})
    assert response.status_code == 200
    assert "au plus 10" in " ".join(response.context["form"].errors["hours"])
    assert not TimeEntry.objects.filter(assignment=space.to_enter).exists()
    assert client.post(url, {"hours": "1,5"}).status_code == 302
    response = client.post(url, {"hours": "1,5"})  # sent twice
    assert "déjà" in " ".join(response.context["form"].errors["hours"])
    entry = TimeEntry.objects.get(assignment=space.to_enter)
    assert (entry.hours, entry.status, entry.client) == (Decimal("1.5"), "draft", space.household)
    # A coming mission's hours cannot be entered ahead.
    assert client.get(reverse("missions:my_hours", args=[space.coming.pk])).status_code == 404


def test_an_employee_never_reaches_another_persons_missions(space, client, world, today):
    colleague = make_person(world, last_name="Collègue")
    secret = make_client(world, "household", name="Mme Secrète")
    theirs = _assign(make_request(world, secret), colleague, today, 8, 10)
    past = _assign(make_request(world, secret), colleague, today - datetime.timedelta(days=2))
    for name, assignment in (
        ("missions:my_hours", past),
        ("missions:my_clock_in", theirs),
        ("missions:my_clock_out", theirs),
    ):
        url = reverse(name, args=[assignment.pk])
        assert client.get(url).status_code in (404, 405)
        assert client.post(url, {"hours": "2"}).status_code == 404
    assert not Clocking.objects.exists()
    assert not TimeEntry.objects.filter(person=colleague).exists()
    for name in ("missions:my_week", "missions:my_past", "missions:my_documents"):
        assert "Mme Secrète" not in client.get(reverse(name)).content.decode()
    data = client.get(reverse("missions:my_data")).content.decode()
    assert "Collègue" not in data and "Mme Secrète" not in data


def test_staff_have_no_employee_space(space, client, world):
    client.force_login(world.user("planner"))
    for name in ("missions:my_week", "missions:my_past", "missions:my_documents"):
        assert client.get(reverse(name)).status_code == 404
    url = reverse("missions:my_clock_in", args=[space.today.pk])
    assert client.post(url).status_code == 404
    assert not Clocking.objects.exists()


def test_an_account_linked_to_no_file_is_told_so(world, client, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(world.user("employee"))
    response = client.get(reverse("missions:my_week"))
    assert (
        response.status_code == 200
        and "pas encore relié à votre dossier" in response.content.decode()
    )
    assert client.get(reverse("missions:my_past")).status_code == 404
    assert client.get(reverse("missions:my_data")).status_code == 404


def test_the_home_page_of_an_employee_leads_to_their_space(space, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("missions:my_week")


def test_documents_list_contracts_pass_and_the_own_data_export(space, client, settings):
    settings.LANGUAGE_CODE = "fr"
    approval = space.person.approvals.get()
    response = client.get(reverse("missions:my_documents"))
    html = response.content.decode()
    assert "CDDI" in html and "35,00 h par semaine" in html
    assert approval.number in html and approval.end_date.strftime("%d/%m/%Y") in html
    assert reverse("missions:my_data") in html


def test_the_own_data_export_leaves_out_what_the_employee_may_not_read(space, client, world):
    space.person.nir = "180017512345603"
    space.person.save()
    response = client.get(reverse("missions:my_data"))
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    data = json.loads(response.content)
    assert data["person"] == space.person.full_name
    keys = {s["key"] for s in data["sections"]}
    assert {"people.person", "people.contract", "missions.assignment"} <= keys
    person = next(s for s in data["sections"] if s["key"] == "people.person")["records"][0]
    assert person["last_name"] == space.person.last_name
    assert "nir" not in person and "180017512345603" not in response.content.decode()
    # The director's export of the same file (right of access) still carries it all.
    client.force_login(world.user("director"))
    full = client.get(reverse("people:person_data_export", args=[space.person.pk]))
    assert "180017512345603" in full.content.decode()


def test_coming_missions_in_a_constant_number_of_queries(space, client):
    url = reverse("missions:my_week")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    request = space.coming.request
    for days in range(3, 13):
        _assign(request, space.person, space.today.date + datetime.timedelta(days=days))
    with assert_query_count(len(first.captured_queries)):
        response = client.get(url)
    assert len(response.context["coming_rows"]) == 11


def test_the_api_clocks_in_and_out_once_with_the_same_services(space, client):
    clock_in = reverse("api:assignment-clock-in", args=[space.today.pk])
    clock_out = reverse("api:assignment-clock-out", args=[space.today.pk])
    assert client.post(clock_out).status_code == 400  # not clocked in yet
    first = client.post(clock_in)
    assert first.status_code == 201 and first.json()["assignment"] == space.today.pk
    assert client.post(clock_in).status_code == 200  # a second tap: already recorded
    clocked_in = Clocking.objects.get().clocked_in_at
    with time_machine.travel(clocked_in + datetime.timedelta(minutes=95)):
        out = client.post(clock_out)
        assert client.post(clock_out).status_code == 200
    assert out.status_code == 201
    entry = TimeEntry.objects.get(assignment=space.today)
    assert out.json()["time_entry"] == entry.pk and entry.hours == Decimal("1.58")
    coming = reverse("api:assignment-clock-in", args=[space.coming.pk])
    assert "jour de la mission" in client.post(coming).content.decode()
    assert Clocking.objects.count() == 1


def test_for_subject_gives_a_user_their_own_rows_only(space, world):
    from tremplin.people.models import Approval, Contract, Person

    colleague = make_person(world, last_name="Collègue")
    assert list(Person.objects.for_subject(space.user)) == [space.person]
    assert {c.person for c in Contract.objects.for_subject(space.user)} == {space.person}
    assert {a.person for a in Approval.objects.for_subject(space.user)} == {space.person}
    # Staff read their structure through for_user; for_subject gives them no one's file.
    assert colleague in Person.objects.for_user(world.user("director"))
    assert not Person.objects.for_subject(world.user("director")).exists()
    # A person linked to the user but in a structure they no longer belong to: nothing.
    space.user.structure_memberships.all().delete()
    from tremplin.accounts.tenancy import forget_scope

    forget_scope(space.user)
    assert not Person.objects.for_subject(space.user).exists()


def test_the_api_enters_my_hours_once_through_the_same_service(space, client, world):
    url = reverse("api:assignment-own-hours", args=[space.to_enter.pk])
    first = client.post(url, {"hours": "2.50"})
    assert first.status_code == 201, first.content
    entry = TimeEntry.objects.get(assignment=space.to_enter)
    assert (entry.hours, entry.status) == (Decimal("2.50"), "draft")
    again = client.post(url, {"hours": "3"})
    assert again.status_code == 400 and "déjà" in again.content.decode()
    ahead = client.post(reverse("api:assignment-own-hours", args=[space.coming.pk]), {"hours": 2})
    assert ahead.status_code == 400
    colleague = make_person(world, last_name="Collègue")
    theirs = _assign(space.to_enter.request, colleague, space.to_enter.date)
    other = client.post(reverse("api:assignment-own-hours", args=[theirs.pk]), {"hours": 2})
    assert other.status_code == 404
    assert TimeEntry.objects.filter(assignment__in=[space.coming, theirs]).count() == 0
