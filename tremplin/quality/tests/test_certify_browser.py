"""In Chromium, at a laptop's and a phone's width: federation staff read the quality
dashboard, a group certification and its audit's sample, answer about the other sites and
record the committee's decision; every page fits and passes axe."""

import datetime

import pytest
from playwright.sync_api import expect

from tremplin.conftest import assert_page_fits, browser_login

pytestmark = pytest.mark.browser


def test_federation_staff_decide_on_a_group_audit(sized_page, browser_world, live_server):
    from tremplin.quality.models import AuditSite, GroupSite

    from .routes_groups import audit, certified, major_finding

    page, own, federation = sized_page, browser_world["own"], browser_world["federation"]
    group = certified(None, started_on=datetime.date(2025, 11, 1), name="Groupe CEDRE-ISO 9001")
    GroupSite.objects.create(
        certification=group, structure=own, joined_on=datetime.date(2020, 1, 1)
    )
    surveillance = audit(group, kind="surveillance", status="reported")
    site = AuditSite.objects.create(audit=surveillance, structure=own, selection="risk")
    finding = major_finding(surveillance, site=site)
    browser_login(page, federation)

    page.goto(f"{live_server.url}/qualite/federation/")
    expect(page.get_by_role("heading", name="Qualité et certification")).to_be_visible()
    expect(page.get_by_text("Aucun entretien d'accueil tracé")).to_be_visible()
    assert_page_fits(page)

    page.goto(f"{live_server.url}/qualite/certifications/{group.pk}/")
    expect(page.get_by_role("heading", name="Les audits du cycle")).to_be_visible()
    assert_page_fits(page)

    page.goto(f"{live_server.url}/qualite/audits/{surveillance.pk}/echantillon/")
    expect(page.get_by_text("Autres sites : pas encore de réponse")).to_be_visible()
    assert_page_fits(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Répondre").click()
    assert_page_fits(page)
    page.get_by_label("Les autres sites sont-ils concernés ?").select_option("no")
    page.get_by_label("Ce qui a été vérifié").fill("Trames d'accueil des autres sites vues.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Autres sites non concernés")).to_be_visible()

    page.goto(f"{live_server.url}/qualite/audits/{surveillance.pk}/decision/")
    expect(page.get_by_text("bloque la décision")).to_be_visible()
    assert_page_fits(page)
    finding.actions.create(
        cause="Pas de trame",
        action="Trame d'entretien",
        owner="Direction",
        due_on=datetime.date(2026, 10, 1),
        checked_on=datetime.date(2026, 10, 15),
        is_effective=True,
    )
    page.reload()
    page.get_by_label("Motifs").fill("Rapport examiné.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Certification maintenue").first).to_be_visible()
    assert_page_fits(page)
