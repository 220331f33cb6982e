"""In Chromium, at a laptop's and a phone's width: the accountant makes the year's tax
attestations from the page, the household downloads theirs from their space."""

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, browser_login

pytestmark = pytest.mark.browser


def test_the_accountant_makes_the_attestations_and_the_household_downloads_theirs(
    sized_page, browser_world
):
    from tremplin.accounts.services import structure_membership_add, user_create

    from .attestation_data import D, make_declaration, make_household, make_invoice, pay

    page, own = sized_page, browser_world["own"]
    accountant = user_create(
        email="accountant@tremplin.test", kind="structure_staff", password=PASSWORD
    )
    structure_membership_add(user=accountant, structure=own, role="accountant")
    household_user = user_create(email="foyer@tremplin.test", kind="household", password=PASSWORD)
    structure_membership_add(user=household_user, structure=own, role="client")
    make_declaration(own)
    household = make_household(own, name="Mme Juliette Dupont", user=household_user)
    pay(make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)]), D(2025, 4, 1), 50)

    browser_login(page, accountant)
    page.goto("/attestations-fiscales/?year=2025")
    assert_page_fits(page)
    page.get_by_label("Envoyer chaque attestation par e-mail").uncheck()
    page.get_by_role("button", name="Établir les attestations de l'année").click()
    expect(page.get_by_text("1 attestation établie")).to_be_visible()
    expect(page.get_by_role("cell", name="Mme Juliette Dupont", exact=True)).to_be_visible()
    assert_page_fits(page)
    page.context.clear_cookies()

    browser_login(page, household_user)
    page.goto("/mon-foyer/attestations/")
    expect(page.get_by_text("Année 2025")).to_be_visible()
    assert_page_fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'attestation 2025").click()
    assert download.value.suggested_filename.startswith("attestation-fiscale-2025")
