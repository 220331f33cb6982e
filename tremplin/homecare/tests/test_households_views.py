"""The pages: the staff's household files and quotes, the household's own space (their
rows only, the intervenant's first name only), the message to the structure, and the access
instructions in the employee's space on the day of the intervention only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.homecare.models import Household, HouseholdMessage, Quote
from tremplin.homecare.tasks_households import household_message_notify_task
from tremplin.missions.models import Invoice, Payment
from tremplin.people.tests.conftest import make_person

from .households_helpers import make_household, make_intervention, make_sent_quote

pytestmark = pytest.mark.django_db


def _employee(world, last_name):
    """The employee user's own file (their personal space)."""
    person = make_person(world, last_name=last_name)
    person.user = world.user("employee")
    person.save()
    return person


def _page(client, user, name, *args, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, args=args), **kwargs)


def test_the_staff_creates_a_household_through_the_page(world, client):
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("homecare:household_create"),
        {
            "name": "Foyer Bernard",
            "address": "5 place Bellecour",
            "commune": "69123",
            "access_instructions": "Code 4587",
        },
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("homecare:household_detail", args=[household.pk])
    assert (household.client.kind, household.client.name) == ("household", "Foyer Bernard")
    page = client.get(response["Location"]).content.decode()
    assert "Code 4587" in page and "Foyer Bernard" in page


def test_the_list_of_households_costs_the_same_whatever_its_length(world, client):
    for n in range(3):
        make_household(world, name=f"Foyer {n}", linked=False)
    client.force_login(world.user("planner"))
    client.get(reverse("homecare:household_list"))  # the session and scope, warmed
    with assert_query_count(8):
        response = client.get(reverse("homecare:household_list"))
    assert response.content.decode().count("Foyer ") >= 3
    for n in range(3, 8):
        make_household(world, name=f"Foyer {n}", linked=False)
    with assert_query_count(8):
        client.get(reverse("homecare:household_list"))


def test_the_household_sees_their_interventions_with_first_names_only(world, client, today):
    household = make_household(world)
    neighbour = make_household(world, name="Foyer Voisin", linked=False)
    person = make_person(world, last_name="Durandal", first_names="Amina Claire")
    make_intervention(household, person, today + datetime.timedelta(days=2))
    make_intervention(household, person, today - datetime.timedelta(days=5), start=14, end=16)
    make_intervention(neighbour, person, today + datetime.timedelta(days=3), start=13, end=15)
    page = _page(client, world.user("household"), "homecare:my_home").content.decode()
    assert "Foyer Martin" in page and "Foyer Voisin" not in page
    assert "avec Amina" in page
    assert "Durandal" not in page and "Claire" not in page
    assert "09:00" in page and "14:00" in page and "13:00" not in page


def test_an_account_linked_to_no_household_is_told_so(world, client):
    page = _page(client, world.user("household"), "homecare:my_home").content.decode()
    assert "pas encore relié" in page
    assert _page(client, world.user("household"), "homecare:my_invoices").status_code == 404


def test_the_household_accepts_a_quote_online(world, client, today):
    household = make_household(world)
    quote = make_sent_quote(world, household, today=today)
    home = _page(client, world.user("household"), "homecare:my_home").content.decode()
    assert reverse("homecare:my_quote", args=[quote.pk]) in home
    response = client.post(reverse("homecare:my_quote_accept", args=[quote.pk]))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.status, quote.accepted_via, quote.accepted_on) == ("accepted", "online", today)
    page = client.get(reverse("homecare:my_quote", args=[quote.pk])).content.decode()
    assert "Vous avez accepté ce devis" in page


def test_a_draft_quote_stays_with_the_staff(world, client):
    from tremplin.homecare.services import quotes

    draft = quotes.quote_create(actor=world.user("planner"), household=make_household(world))
    response = _page(client, world.user("household"), "homecare:my_quote", draft.pk)
    assert response.status_code == 404
    response = client.post(reverse("homecare:my_quote_accept", args=[draft.pk]))
    assert response.status_code == 404
    assert Quote.objects.get(pk=draft.pk).status == "draft"


def test_the_household_reads_their_invoices_and_payments(world, client):
    household = make_household(world)
    invoice = Invoice.objects.create(
        structure=world.own,
        client=household.client,
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 10, 31),
        year=2026,
        number=7,
        issued_on=datetime.date(2026, 11, 2),
        status="issued",
        total=Decimal("180.00"),
        total_excl_vat=Decimal("180.00"),
    )
    Payment.objects.create(
        invoice=invoice, paid_on=datetime.date(2026, 11, 5), amount=Decimal(80), method="cesu"
    )
    Invoice.objects.create(  # a draft is the staff's work
        structure=world.own,
        client=household.client,
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
        total=Decimal("999.00"),
    )
    page = _page(client, world.user("household"), "homecare:my_invoices").content.decode()
    assert "180,00" in page and "100,00 € à payer" in page and "CESU" in page
    assert "999" not in page


def test_the_message_is_stored_shown_to_the_staff_and_announced_once(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    household = make_household(world)
    client.force_login(world.user("household"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("homecare:my_message"), {"body": "Absente mardi prochain."})
    assert response.status_code == 302
    message = HouseholdMessage.objects.get()
    assert (message.household, message.author) == (household, world.user("household"))
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert set(mail.to) == {"director@tremplin.test", "planner@tremplin.test"}
    assert "Foyer Martin" in mail.subject and "Absente" not in mail.body
    household_message_notify_task.call(message.pk)  # a retry sends nothing more
    assert len(mailoutbox) == 1
    page = _page(client, world.user("planner"), "homecare:household_detail", household.pk)
    assert "Absente mardi prochain." in page.content.decode()


def test_an_empty_message_is_refused_in_french(world, client):
    make_household(world)
    client.force_login(world.user("household"))
    response = client.post(reverse("homecare:my_message"), {"body": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not HouseholdMessage.objects.exists()


@pytest.mark.parametrize(("days", "shown"), [(-1, False), (0, True), (1, False)])
def test_the_door_code_reaches_the_intervenant_on_the_day_only(world, client, today, days, shown):
    household = make_household(world, access_instructions="Code porte 7741B")
    person = _employee(world, "Intervenante")
    make_intervention(household, person, today + datetime.timedelta(days=days))
    page = _page(client, world.user("employee"), "homecare:my_access_today").content.decode()
    assert ("Code porte 7741B" in page) is shown
    assert ("Foyer Martin" in page) is shown


def test_another_employees_intervention_gives_no_door_code(world, client, today):
    household = make_household(world, access_instructions="Code porte 7741B")
    _employee(world, "Moi")
    colleague = make_person(world, last_name="Collègue")
    make_intervention(household, colleague, today)
    page = _page(client, world.user("employee"), "homecare:my_access_today").content.decode()
    assert "7741B" not in page


@pytest.mark.parametrize("name", ["homecare:my_home", "homecare:my_invoices"])
def test_the_household_space_costs_the_same_whatever_its_length(world, client, today, name):
    household = make_household(world)
    person = make_person(world, last_name="Durandal")

    def invoice(month):
        made = Invoice.objects.create(
            structure=world.own,
            client=household.client,
            period_start=datetime.date(2026, month, 1),
            period_end=datetime.date(2026, month, 28),
            year=2026,
            number=month,
            issued_on=datetime.date(2026, month, 28),
            status="paid",
            total=Decimal(50),
        )
        Payment.objects.create(invoice=made, paid_on=made.issued_on, amount=Decimal(50))

    for days in (1, -1):
        make_intervention(household, person, today + datetime.timedelta(days=days))
    invoice(1)
    make_sent_quote(world, household, today=today)
    client.force_login(world.user("household"))
    client.get(reverse(name))
    with assert_query_count(QUERIES[name]):
        client.get(reverse(name))
    for days in (2, 3, -2, -3):
        make_intervention(household, person, today + datetime.timedelta(days=days))
    for month in (2, 3, 4):
        invoice(month)
    make_sent_quote(world, household, today=today)
    with assert_query_count(QUERIES[name]):
        response = client.get(reverse(name))
    assert response.status_code == 200


# The session, the user, memberships and scope (5), the household, then the page's rows:
# home — quotes with their lines, contracts, coming, past, invoices with their payments.
QUERIES = {"homecare:my_home": 14, "homecare:my_invoices": 9}


@pytest.mark.parametrize(("role", "shown"), [("director", True), ("planner", False)])
def test_the_staffs_notes_are_for_who_may_read_them(world, client, role, shown):
    from tremplin.homecare.services import households

    household = make_household(world)
    households.household_update(
        actor=world.user("director"),
        household=household,
        access_instructions="Code 1",
        notes="Conflit avec le fils, appeler avant",
        usual_intervenants=[],
    )
    page = _page(client, world.user(role), "homecare:household_edit", household.pk)
    assert ("Conflit avec le fils" in page.content.decode()) is shown
    client.post(
        reverse("homecare:household_edit", args=[household.pk]),
        {"access_instructions": "Code 2"},
    )
    household.refresh_from_db()
    assert household.access_instructions == "Code 2"
    # Who may not read the notes leaves them as they were; who may, empties them.
    assert (household.notes is None) is shown
