"""The auditor at a tablet's width (768 × 1024) in Chromium: opens their audit, fills
checklist lines and records a finding; no sideways scrolling, no axe violation. The
checklist also fits a phone."""

import datetime

import pytest

from tremplin.accounts import services as account_services
from tremplin.accounts.models import UserKind
from tremplin.accounts.testing import PASSWORD, totp_enable
from tremplin.conftest import assert_page_fits, browser_login
from tremplin.quality.models import AuditStatus, ChecklistResult, Finding
from tremplin.quality.services import audits as services

from .audits_helpers import certification_of

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


def test_an_auditor_fills_a_checklist_and_a_finding_on_a_tablet(page, browser_world):
    auditor = account_services.user_create(
        email="auditrice@tremplin.test",
        kind=UserKind.AUDITOR,
        password=PASSWORD,
        first_name="Agathe",
        last_name="Auditrice",
    )
    totp_enable(auditor)
    audit = services.audit_plan(
        actor=browser_world["federation"],
        certification=certification_of(browser_world["own"]),
        kind="surveillance",
        auditor=auditor,
        starts_on=datetime.date(2026, 11, 18),
        ends_on=datetime.date(2026, 11, 18),
        plan="9 h : ouverture\n10 h : dossiers",
    )
    site = audit.sites.get()
    items = list(audit.checklist.order_by("requirement__number"))
    page.set_viewport_size(TABLET)
    browser_login(page, auditor)
    page.goto("/qualite/audits/")
    assert_page_fits(page)
    page.get_by_role("link", name="AI du Rhône").click()
    page.wait_for_url(f"**/qualite/audits/{audit.pk}/")
    assert_page_fits(page)
    page.get_by_role("link", name="Remplir la grille").click()
    page.wait_for_url("**/grille/")
    assert_page_fits(page)
    page.select_option(f"#id_result-{items[0].pk}", "conform")
    page.fill(f"#id_notes-{items[0].pk}", "Livret remis, vu sur Parcours 1")
    page.select_option(f"#id_result-{items[1].pk}", "na")
    page.get_by_role("button", name="Enregistrer la grille").click()
    page.wait_for_load_state("networkidle")
    assert_page_fits(page)
    items[0].refresh_from_db()
    assert (items[0].result, items[0].notes) == (
        ChecklistResult.CONFORM,
        "Livret remis, vu sur Parcours 1",
    )
    page.set_viewport_size(PHONE)
    assert_page_fits(page)
    page.set_viewport_size(TABLET)
    page.get_by_role("link", name="Enregistrer un constat sur cette exigence 2.1").click()
    page.wait_for_url("**/constats/nouveau/**")
    assert_page_fits(page)
    page.select_option("#id_kind", "minor")
    page.fill("#id_description", "Contrat d'engagement signé après deux mois")
    page.fill("#id_evidence", "Parcours 2")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/qualite/audits/{audit.pk}/")
    assert_page_fits(page)
    finding = Finding.objects.get()
    assert (finding.kind, finding.requirement_id, finding.site_id) == (
        "minor",
        items[2].requirement_id,
        site.pk,
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
