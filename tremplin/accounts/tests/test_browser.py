"""axe-core (WCAG 2.1 A and AA) on the account pages, through the real login."""

import pytest

from tremplin.accounts.testing import PASSWORD, totp_now
from tremplin.common.testing_a11y import axe_violations

pytestmark = pytest.mark.browser


def test_account_pages_are_accessible(page, browser_world):
    # The live server's first answer imports every view: slow on a loaded machine.
    page.goto("/mot-de-passe/oublie/", timeout=60_000)
    assert axe_violations(page) == [], "password reset"
    page.fill("#id_email", "director@tremplin.test")
    page.click("button[type=submit]")
    page.wait_for_url("**/mot-de-passe/oublie/envoye/")
    assert axe_violations(page) == [], "password reset sent"

    page.goto("/connexion/")
    page.fill("#id_username", "director@tremplin.test")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/connexion/code/")
    assert axe_violations(page) == [], "second factor"
    page.fill("#id_code", "000000")
    # The page answers the POST: measure it once it has loaded, not the one before.
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("[aria-invalid=true]").count() == 1
    assert axe_violations(page) == [], "second factor with an error"
    # django-otp refuses any code for a second after a wrong one (OTP_TOTP_THROTTLE_FACTOR).
    page.wait_for_timeout(2_100)
    page.fill("#id_code", totp_now(browser_world["director"]))
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)

    for url in ["/compte/", "/compte/double-authentification/", "/compte/jetons-api/"]:
        page.goto(url)
        assert axe_violations(page) == [], url
    page.fill("#id_name", "Logiciel de paie")
    # The page answers the POST: measure it once it has loaded, not the one before.
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("#new-token").is_visible()
    assert axe_violations(page) == [], "token created"
    page.goto("/compte/double-authentification/?remplacer=1")
    assert page.locator("svg").count() >= 1
    assert axe_violations(page) == [], "setup with the QR code"


def test_a_counsellor_without_second_factor_sees_the_qr_code(page, browser_world):
    page.goto("/connexion/")
    page.fill("#id_username", "conseiller@tremplin.test")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    page.goto("/compte/double-authentification/")
    assert page.locator("#totp-secret").inner_text()
    assert axe_violations(page) == [], "setup"
