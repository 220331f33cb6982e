"""In Chromium at a phone's width (390 px): a trainee signs a half-day from their trainings
page, no sideways scrolling, axe clean; and the trainer's tablet sheet fits the phone too."""

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, WIDTHS, assert_page_fits, browser_login, pinned_today

pytestmark = pytest.mark.browser


def test_a_trainee_signs_a_half_day_on_a_phone(page, browser_world):
    from tremplin.accounts.services import structure_membership_add, user_create

    from ..models import Attendance, Presence
    from .attendance_builders import make_session, make_trainer, register_staff

    page.set_viewport_size(WIDTHS["phone"])
    own = browser_world["own"]
    trainee = user_create(
        email="stagiaire@tremplin.test",
        kind="employee",
        password=PASSWORD,
        first_name="Léa",
        last_name="Martin",
    )
    structure_membership_add(user=trainee, structure=own, role="employee")
    trainer = make_trainer()
    session = make_session(
        days=[pinned_today()],
        trainer=trainer,
        course=None,
        place="Maison des associations, 12 rue de la République, 69001 Lyon",
    )
    registration = register_staff(session, own, user=trainee, first="Léa", last="Martin")

    browser_login(page, trainee)
    page.goto("/mes-formations/")
    assert_page_fits(page)
    page.get_by_role("button", name="Je signe ma présence").first.click()
    expect(page.get_by_text("Votre présence est signée. Merci !")).to_be_visible()
    expect(page.get_by_text("Présent", exact=True)).to_be_visible()
    assert_page_fits(page)
    attendance = Attendance.objects.get(registration=registration)
    assert attendance.presence == Presence.PRESENT and attendance.signed_from == "phone"
    page.context.clear_cookies()

    browser_login(page, trainer)
    page.goto(f"/emargement/demi-journee/{attendance.half_day_id}/")
    expect(
        page.locator("li", has_text="Léa Martin").get_by_text("Présent", exact=True)
    ).to_be_visible()
    assert_page_fits(page)
