"""The audit pages of federation staff and of the audited structure in Chromium, at a
phone's width and a laptop's: no sideways scrolling, no axe violation."""

import datetime

import pytest

from tremplin.accounts import services as account_services
from tremplin.accounts.models import UserKind
from tremplin.conftest import assert_page_fits, browser_login
from tremplin.quality.services import audits as services

from .audits_helpers import certification_of

pytestmark = pytest.mark.browser


def test_the_planning_and_answer_pages_fit(sized_page, browser_world):
    page = sized_page
    auditor = account_services.user_create(
        email="auditrice@tremplin.test", kind=UserKind.AUDITOR, password=None
    )
    audit = services.audit_plan(
        actor=browser_world["federation"],
        certification=certification_of(browser_world["own"]),
        kind="stage2",
        auditor=auditor,
        starts_on=datetime.date(2026, 11, 2),
        plan="9 h : ouverture",
    )
    finding = services.finding_record(
        actor=auditor,
        audit=audit,
        kind="major",
        description="Aucun contrat d'engagement signé",
        site=audit.sites.get(),
    )
    action = services.corrective_action_record(
        actor=browser_world["director"],
        finding=finding,
        cause="Pas de modèle",
        action="Un modèle de contrat",
        owner="La directrice",
        due_on=datetime.date(2026, 12, 15),
    )
    services.corrective_action_done(
        actor=browser_world["director"], action=action, done_on=datetime.date(2026, 11, 10)
    )
    browser_login(page, browser_world["federation"])
    for url in [
        "/qualite/audits/",
        "/qualite/audits/nouveau/",
        f"/qualite/audits/{audit.pk}/",
        f"/qualite/audits/{audit.pk}/modifier/",
        f"/qualite/audits/{audit.pk}/preuves/?sample=1",
        f"/qualite/audits/{audit.pk}/rapport/",
        f"/qualite/actions/{action.pk}/verification/",
    ]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert_page_fits(page)
    page.context.clear_cookies()
    browser_login(page, browser_world["director"])
    for url in [
        "/qualite/audits/",
        f"/qualite/audits/{audit.pk}/",
        f"/qualite/constats/{finding.pk}/document/",
        f"/qualite/constats/{finding.pk}/action/",
    ]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert_page_fits(page)
