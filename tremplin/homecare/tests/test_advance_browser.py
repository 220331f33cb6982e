"""In Chromium, on a phone's width: a household opens its immediate advance, sees what it
will be debited, validates a payment request; the accountant's page at a laptop's width.
No page scrolls sideways, every page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tremplin.common.testing_a11y import axe_violations
from tremplin.conftest import PASSWORD, browser_login, pinned_today

from .advance_fixtures import (
    catalogue,
    enrol,
    household_of,
    issued_invoice,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits_and_passes_axe(page, what):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{what} scrolls sideways: {width[0]} px for {width[1]}"
    assert axe_violations(page) == [], what


def _household_with_a_request(world):
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.homecare.services import advance
    from tremplin.homecare.urssaf.files import FileUrssaf

    own = world["own"]
    user = user_create(
        email="zephyrine@tremplin.test", kind="household", password=PASSWORD, first_name="Zéphyrine"
    )
    structure_membership_add(user=user, structure=own, role="client")
    household = household_of(own, user=user, name="Mme Zéphyrine Durand-Beauregard")
    catalogue(own)
    enrolment = enrol(household)
    enrolment.urssaf_id = FileUrssaf().enrol(
        {"nomNaissance": "Durand", "prenoms": "Zéphyrine", "dateNaissance": "1950"}
    )
    enrolment.save()
    invoice = issued_invoice(household, pinned_today())
    # Outside a transaction: the request leaves for the file-based URSSAF at once.
    payment_request = advance.payment_request_create(actor=world["director"], invoice=invoice)
    return user, payment_request


def test_a_household_validates_a_payment_request_on_a_phone(page, browser_world):
    from tremplin.homecare.models import RequestStatus

    user, payment_request = _household_with_a_request(browser_world)
    page.set_viewport_size(PHONE)
    browser_login(page, user)
    page.goto("/mon-foyer/avance-immediate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon avance immédiate")
    _fits_and_passes_axe(page, "the household's requests")
    page.get_by_role("link", name=re.compile(payment_request.invoice.reference)).click()
    expect(page.locator("main")).to_contain_text("110,00 €")  # their share of 220 €
    _fits_and_passes_axe(page, "one request")
    page.get_by_role("button", name="Valider cette demande").click()
    expect(page.get_by_text("Merci : la demande est validée.")).to_be_visible()
    expect(page.get_by_text("Rien n'attend votre réponse.")).to_be_visible()
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.VALIDATED
    _fits_and_passes_axe(page, "after the validation")


def test_the_accountant_follows_the_requests(page, browser_world):
    _user, payment_request = _household_with_a_request(browser_world)
    browser_login(page, browser_world["director"])
    for size in ({"width": 1366, "height": 900}, PHONE):
        page.set_viewport_size(size)
        page.goto("/avance-immediate/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Avance immédiate")
        _fits_and_passes_axe(page, f"the requests at {size['width']} px")
        page.get_by_role("link", name=payment_request.invoice.reference).click()
        expect(page.locator("main")).to_contain_text("Intégrée")
        _fits_and_passes_axe(page, f"one request at {size['width']} px")
