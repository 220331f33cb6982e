"""The printed contract (arrêté du 17 mars 2015) from the household page and the household
space; the household's notice as their contract sets it; « ask for another time » and « ask
for a quote » from their space, seen by the staff; a PCH needs its département and hours;
clocking in and out from the phone reaches the hours page of a home intervention."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from tremplin.homecare.models import HouseholdMessage, Quote, SapDeclaration
from tremplin.homecare.services import households as household_services
from tremplin.homecare.services import quotes
from tremplin.homecare.services.recurring import recurring_pattern_create
from tremplin.missions.models import Clocking

from .recurring_builders import DAY, T, hire, make_household, make_service, next_weekday

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def _contract(world, today, *, mode="mise_a_disposition", notice=72):
    SapDeclaration.objects.create(
        structure=world.own, number="SAP732829320", declared_on=datetime.date(2020, 1, 6)
    )
    household = make_household(world, user=world.user("household"), quoted=False)
    service = make_service(world)
    service.mode = mode
    service.save()
    planner = world.user("planner")
    quote = quotes.quote_create(actor=planner, household=household)
    quotes.quote_line_add(actor=planner, quote=quote, service=service, quantity=Decimal(6))
    quotes.quote_send(actor=planner, quote=quote, today=today)
    quotes.quote_accept_paper(actor=planner, quote=quote, signed_on=today)
    contract = quotes.contract_sign(
        actor=planner,
        household=household,
        quote=quote,
        signed_on=today,
        starts_on=today,
        notice_hours=notice,
    )
    return household, service, contract


def test_the_contract_is_printed_with_its_mentions_from_both_sides(world, client, today):
    household, _service, contract = _contract(world, today)
    client.force_login(world.user("planner"))
    detail = client.get(reverse("homecare:household_detail", args=[household.pk])).content
    staff_url = reverse("homecare:contract_pdf", args=[contract.pk])
    assert staff_url in detail.decode()
    response = client.get(staff_url)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "SAP732829320" in text  # the declaration (art. 7)
    assert "mise à disposition" in text and "reste l'employeur" in text  # mode and warning
    assert "150,00 €" in text  # 6 h × 25 €, the monthly amount incl. VAT
    assert "72 heures" in text and "crédit d'impôt" in text
    assert "Mme Durand" in text and contract.quote.reference in text
    client.force_login(world.user("household"))
    mine = client.get(reverse("homecare:my_quotes")).content.decode()
    own_url = reverse("homecare:my_contract_pdf", args=[contract.pk])
    assert own_url in mine
    assert client.get(own_url)["Content-Type"] == "application/pdf"
    # Another household's contract is not found from the space.
    _other, _s, theirs = _other_contract(world, today)
    assert client.get(reverse("homecare:my_contract_pdf", args=[theirs.pk])).status_code == 404


def _other_contract(world, today):
    household = make_household(world, name="M. Autre", quoted=False)
    contract = quotes.contract_sign(
        actor=world.user("planner"),
        household=household,
        signed_on=today,
        starts_on=today,
        monthly_amount_incl_vat=Decimal(50),
    )
    return household, None, contract


def test_the_prestataire_contract_has_no_warning(world, today):
    from tremplin.homecare.documents_households import contract_pdf

    _household, _service, contract = _contract(world, today, mode="prestataire")
    text = _text(contract_pdf(contract))
    assert "« prestataire »" in text and "employeur" not in text


def _coming(world, household, today):
    person = hire(world, today)
    start = next_weekday(today + 5 * DAY, 2)
    pattern, _done = recurring_pattern_create(
        actor=world.user("planner"),
        household=household,
        service=household.quotes.get().lines.get().service,
        person=person,
        weekdays=[start.weekday()],
        start_time=T(9),
        end_time=T(11),
        starts_on=start,
        ends_on=start,
        skip_holidays=False,
    )
    return pattern.occurrences.get()


def test_the_household_reads_their_contracts_notice_and_asks_for_another_time(world, client, today):
    household, _service, _contract_row = _contract(world, today, notice=72)
    occurrence = _coming(world, household, today)
    client.force_login(world.user("household"))
    page = client.get(reverse("homecare:my_coming")).content.decode()
    assert "jusqu’à 72 heures" in page or "jusqu'à 72 heures" in page
    assert "48 heures" not in page
    url = reverse("homecare:my_occurrence_change_ask", args=[occurrence.pk])
    assert url in page
    empty = client.post(url, {"wish": "  "})
    assert empty.status_code == 200 and not HouseholdMessage.objects.exists()
    response = client.post(url, {"wish": "Le jeudi à la même heure, si possible."})
    assert response.status_code == 302
    message = HouseholdMessage.objects.get()
    assert message.household == household and message.author == world.user("household")
    assert "autre horaire" in message.body and "Le jeudi à la même heure" in message.body
    assert occurrence.date.strftime("%Y") in message.body
    client.force_login(world.user("planner"))
    detail = client.get(reverse("homecare:household_detail", args=[household.pk])).content
    assert "Le jeudi à la même heure" in detail.decode()


def test_the_household_asks_for_a_quote_the_staff_see_it(world, client):
    household = make_household(world, user=world.user("household"), quoted=False)
    client.force_login(world.user("household"))
    url = reverse("homecare:my_quote_ask")
    assert url in client.get(reverse("homecare:my_quotes")).content.decode()
    refused = client.post(url, {"description": ""})
    assert refused.status_code == 200 and not Quote.objects.exists()
    assert client.post(url, {"description": "Du ménage le mardi."}).status_code == 302
    quote = Quote.objects.get()
    assert (quote.household, quote.asked_by_household, quote.status) == (household, True, "draft")
    client.force_login(world.user("planner"))
    detail = client.get(reverse("homecare:household_detail", args=[household.pk])).content
    assert "demandé par le foyer" in detail.decode()
    assert reverse("homecare:quote_detail", args=[quote.pk]) in detail.decode()


@pytest.mark.parametrize("missing", ["departement", "hours_per_month"])
def test_a_pch_needs_its_departement_and_hours(world, today, missing):
    from tremplin.network.models import Departement

    household = make_household(world)
    values = {
        "kind": "pch",
        "funder": "MDPH du Rhône",
        "departement": Departement.objects.get(pk="69"),
        "hours_per_month": Decimal(20),
        "starts_on": today,
    }
    values[missing] = None
    with pytest.raises(ValidationError) as caught:
        household_services.financing_add(actor=world.user("planner"), household=household, **values)
    assert list(caught.value.message_dict) == [missing]
    assert not household.financings.exists()


def test_clocking_from_the_phone_shows_on_the_hours_page(world, client, today):
    person = hire(world, today)
    person.user = world.user("employee")
    person.save(update_fields=["user"])
    household = make_household(world)
    pattern, _done = recurring_pattern_create(
        actor=world.user("planner"),
        household=household,
        service=make_service(world),
        person=person,
        weekdays=[today.weekday()],
        start_time=T(20),
        end_time=T(22),
        starts_on=today,
        ends_on=today,
        skip_holidays=False,
    )
    assignment = pattern.occurrences.get().assignment
    client.force_login(world.user("employee"))
    moment = datetime.datetime.combine(today, T(20, 2)).astimezone()
    with time_machine.travel(moment, tick=False):
        assert client.post(reverse("missions:my_clock_in", args=[assignment.pk])).status_code == 302
    with time_machine.travel(moment + datetime.timedelta(hours=2, minutes=5), tick=False):
        assert (
            client.post(reverse("missions:my_clock_out", args=[assignment.pk])).status_code == 302
        )
    clocking = Clocking.objects.get(assignment=assignment)
    assert clocking.clocked_out_at is not None
    client.force_login(world.user("planner"))
    url = reverse("homecare:recurring_hours", args=[pattern.pk])
    page = client.get(f"{url}?mois={today:%Y-%m}").content.decode()
    assert "20:02–22:07" in page
    assert "2,08 h" in page or "2.08 h" in page  # done, against 2 h planned
