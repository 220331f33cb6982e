"""In Chromium, at desktop and phone widths: a director invites someone from the team page;
a delegate opens the delegation page and its map. axe on both, no sideways scrolling."""

import pytest

from tremplin.accounts import services
from tremplin.accounts.models import TeamChange, UserKind
from tremplin.accounts.testing import PASSWORD, totp_enable
from tremplin.common.testing_a11y import axe_violations
from tremplin.conftest import browser_login

pytestmark = pytest.mark.browser

WIDTHS = [(1366, 900), (390, 844)]


def _scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_a_director_invites_someone_at_both_widths(page, browser_world):
    browser_login(page, browser_world["director"])
    for index, (width, height) in enumerate(WIDTHS):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/equipe/")
        assert "L'équipe de AI du Rhône" in page.inner_text("h1")
        assert not _scrolls_sideways(page), width
        assert axe_violations(page) == [], f"/equipe/ at {width}"
        page.fill("#id_email", f"recrue{index}@tremplin.test")
        page.select_option("#id_role", "planner")
        page.click("#invite ~ form button[type=submit]")
        page.wait_for_load_state()
        assert f"recrue{index}@tremplin.test est invité" in page.inner_text("main")
        assert f"recrue{index}@tremplin.test" in page.inner_text("#team")
        assert "Invitation" in page.inner_text("#team-history")
        assert not _scrolls_sideways(page), width
    assert TeamChange.objects.filter(action="invited").count() == 2
    # An invalid address: the error is on its field, accessible.
    page.fill("#id_email", "pas-une-adresse")
    # The page answers the POST: measure it once it has loaded, not the one before.
    with page.expect_navigation():
        page.click("#invite ~ form button[type=submit]")
    assert page.locator("#id_email[aria-invalid=true]").count() == 1
    assert axe_violations(page) == [], "invitation with an error"


def test_a_delegate_sees_the_delegation_structures_and_map(page, browser_world):
    own = browser_world["own"]
    delegate = services.user_create(
        email="delegue@tremplin.test", kind=UserKind.DELEGATE, password=PASSWORD
    )
    services.delegation_membership_add(user=delegate, delegation=own.delegation)
    totp_enable(delegate)  # delegates must have a second factor
    browser_login(page, delegate)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/delegations/{own.delegation_id}/")
        assert "AI du Rhône" in page.inner_text("#delegation-structures")
        page.wait_for_selector("#map[data-ready=true]")
        assert page.locator(".leaflet-marker-icon").count() == 1
        assert not _scrolls_sideways(page), width
        assert axe_violations(page) == [], f"delegation page at {width}"
