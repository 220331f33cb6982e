"""In Chromium, on a phone's width: a household opens their space, reads the quote sent to
them and accepts it; the pages fit at 390 px and at 1366 px and pass axe-core."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, browser_login, pinned_today

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _household_with_a_quote(own, conseiller):
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.homecare.services import households, quotes
    from tremplin.missions.models import Assignment, MissionRequest
    from tremplin.missions.services.clients import client_account_link
    from tremplin.network.models import Activity, Commune
    from tremplin.people.services import persons

    from .households_helpers import make_service

    today = pinned_today()
    user = user_create(
        email="helene@tremplin.test", kind="household", password=PASSWORD, first_name="Hélène"
    )
    structure_membership_add(user=user, structure=own, role="client")
    household = households.household_create(
        actor=conseiller,
        structure=own,
        name="Mme Hélène Marchand-Delacroix-Beauregard",
        address="12 avenue du Maréchal de Lattre de Tassigny, bâtiment C, escalier 4",
        commune=Commune.objects.get(pk="69123"),
    )
    client_account_link(actor=conseiller, client=household.client, user=user)
    service = make_service(own, price=Decimal("23.50"), name="Ménage et repassage à domicile")
    quote = quotes.quote_create(
        actor=conseiller, household=household, description="Ménage le jeudi matin."
    )
    quotes.quote_line_add(
        actor=conseiller, quote=quote, service=service, quantity=Decimal(8), interventions=4
    )
    quotes.quote_send(actor=conseiller, quote=quote, today=today)
    person = persons.person_create(
        actor=conseiller,
        structure=own,
        last_name="Girard",
        first_names="Paul",
        sex="M",
        birth_date=datetime.date(1990, 2, 2),
    )
    request = MissionRequest.objects.create(
        structure=own,
        client=household.client,
        activity=Activity.objects.get(code="proprete"),
        commune=household.client.commune,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=30),
        hours=Decimal(40),
    )
    for days in (-7, 2):
        Assignment.objects.create(
            request=request,
            person=person,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            hours=Decimal(2),
        )
    return user, quote


def test_a_household_accepts_a_quote_on_a_phone(page, browser_world):
    from tremplin.homecare.models import Quote

    user, quote = _household_with_a_quote(browser_world["own"], browser_world["conseiller"])
    page.set_viewport_size(PHONE)
    browser_login(page, user)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/mon-foyer/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Devis à accepter")
    expect(main).to_contain_text("avec Paul")
    expect(main).not_to_contain_text("Girard")
    assert_page_fits(page)

    page.get_by_role("link", name="Lire et accepter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Devis")
    expect(main).to_contain_text("188,00")  # 8 h × 23,50 €
    assert_page_fits(page)
    page.get_by_role("button", name="J'accepte ce devis").click()
    expect(page.get_by_text("Devis accepté.")).to_be_visible()
    expect(main).to_contain_text("Vous avez accepté ce devis")
    quote.refresh_from_db()
    assert (quote.status, quote.accepted_via) == ("accepted", "online")
    assert not Quote.objects.filter(status="sent").exists()
    assert_page_fits(page)

    for name in ("Factures", "Passées", "Nous écrire"):
        link = page.get_by_role("link", name=name, exact=True)
        href = link.get_attribute("href")
        link.click()
        # Measured once the new page is there, not while the old one is being replaced.
        page.wait_for_url(f"**{href}")
        assert_page_fits(page)
    page.fill("#id_body", "Je serai absente jeudi prochain.")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("Message envoyé à la structure.")).to_be_visible()
    expect(main).to_contain_text("Je serai absente jeudi prochain.")
    # A new need: the household asks for a quote (a draft the staff find in the file).
    page.get_by_role("link", name="Devis", exact=True).click()
    page.get_by_role("link", name="Demander un devis").click()
    page.wait_for_url("**/mon-foyer/devis/demander/")
    assert_page_fits(page)
    page.fill("#id_description", "Du repassage le lundi.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demande envoyée : la structure prépare votre devis.")).to_be_visible()
    assert Quote.objects.filter(asked_by_household=True, status="draft").count() == 1
    # The same pages on a desktop.
    page.set_viewport_size({"width": 1366, "height": 900})
    for url in (
        "/mon-foyer/",
        "/mon-foyer/devis/",
        "/mon-foyer/devis/demander/",
        "/mon-foyer/factures/",
        "/mon-foyer/message/",
    ):
        page.goto(url)
        assert_page_fits(page)


@pytest.mark.parametrize("size", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_the_staff_opens_a_household_file_and_sends_a_quote(page, browser_world, size):
    from tremplin.homecare.models import Household, Quote

    from .households_helpers import make_service

    conseiller = browser_world["conseiller"]
    make_service(browser_world["own"], price=Decimal(24), name="Ménage et repassage à domicile")
    page.set_viewport_size(size)
    browser_login(page, conseiller)
    page.goto("/foyers/nouveau/")
    assert_page_fits(page)
    page.fill("#id_name", "Mme et M. Lefèvre-Saint-Exupéry")
    page.fill("#id_address", "4 montée de la Grande-Côte")
    page.fill("#id_commune", "69123")
    page.fill("#id_access_instructions", "Digicode 2580, 3e étage.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Foyer enregistré.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Digicode 2580")
    assert_page_fits(page)
    household = Household.objects.get()
    page.get_by_role("link", name="Nouveau devis").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Devis")
    page.select_option("#id_service", label="Ménage et repassage à domicile")
    page.fill("#id_quantity", "4")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    expect(page.locator("main")).to_contain_text("96,00")
    assert_page_fits(page)
    page.get_by_role("button", name="Envoyer au foyer").click()
    expect(page.get_by_text("Devis envoyé")).to_be_visible()
    assert Quote.objects.get(household=household).status == "sent"
    assert_page_fits(page)
    page.goto("/foyers/")
    expect(page.locator("main")).to_contain_text("Lefèvre-Saint-Exupéry")
    assert_page_fits(page)


def test_a_household_asks_for_another_time_on_a_phone(page, browser_world):
    from tremplin.homecare.models import HouseholdMessage
    from tremplin.homecare.services import quotes
    from tremplin.homecare.services.recurring import recurring_pattern_create

    conseiller = browser_world["conseiller"]
    user, quote = _household_with_a_quote(browser_world["own"], conseiller)
    quotes.quote_accept_paper(actor=conseiller, quote=quote, signed_on=pinned_today())
    start = pinned_today() + datetime.timedelta(days=5)
    recurring_pattern_create(
        actor=conseiller,
        household=quote.household,
        service=quote.lines.get().service,
        weekdays=[start.weekday()],
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        starts_on=start,
        ends_on=start,
        skip_holidays=False,
    )
    page.set_viewport_size(PHONE)
    browser_login(page, user)
    page.goto("/mon-foyer/interventions/a-venir/")
    assert_page_fits(page)
    page.get_by_role("link", name="Demander un autre horaire").click()
    page.wait_for_url("**/autre-horaire/")
    assert_page_fits(page)
    page.fill("#id_wish", "Le vendredi matin plutôt.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demande envoyée : la structure vous répondra.")).to_be_visible()
    assert "Le vendredi matin plutôt." in HouseholdMessage.objects.get().body
