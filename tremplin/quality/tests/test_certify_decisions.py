"""The committee's decisions: a major nonconformity blocks until its action is verified,
grant and renewal number the certificate gap-free, suspension and its lifting; the pages
with their query counts; an auditor reaches only the certifications of their audits."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.quality.models import (
    Audit,
    AuditSite,
    Certification,
    CorrectiveAction,
    Decision,
    Finding,
    GroupSite,
)
from tremplin.quality.services import certification as services

from .routes_groups import audit, certified, major_finding, referential

D = datetime.date


@pytest.fixture
def initial(structure):
    certification = Certification.objects.create(
        referential=referential(), scheme="individual", structure=structure
    )
    stage2 = audit(certification, kind="stage2", status="reported", starts_on=D(2026, 9, 1))
    return certification, stage2


def _action(finding, **fields):
    return CorrectiveAction.objects.create(
        finding=finding,
        cause="Pas de trame",
        action="Trame d'entretien",
        owner="Direction",
        due_on=D(2026, 10, 1),
        **fields,
    )


def test_a_major_nonconformity_blocks_the_grant_until_its_action_is_verified(
    initial, federation_user
):
    certification, stage2 = initial
    finding = major_finding(stage2)
    with pytest.raises(ValidationError) as error:
        services.certification_decide(
            actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
        )
    assert "Aucun entretien d'accueil tracé" in str(error.value)
    action = _action(finding, done_on=D(2026, 9, 20))
    with pytest.raises(ValidationError):  # done, not checked
        services.certification_decide(
            actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
        )
    action.checked_on, action.is_effective = D(2026, 10, 1), False
    action.save()
    with pytest.raises(ValidationError):  # checked, not effective
        services.certification_decide(
            actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
        )
    certification.refresh_from_db()
    assert certification.status == "in_progress" and not certification.decisions.exists()
    action.is_effective = True
    action.save()
    decision = services.certification_decide(
        actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
    )
    certification.refresh_from_db()
    assert certification.status == "certified"
    assert (certification.cycle_started_on, certification.expires_on) == (
        D(2026, 10, 15),
        D(2029, 10, 14),
    )
    assert decision.certificate_number == "CEDRE-2026-0001"
    assert decision.valid_until == D(2029, 10, 14)
    stage2.refresh_from_db()
    assert stage2.status == "decided"


def test_a_minor_nonconformity_needs_an_action_plan(initial, federation_user):
    _, stage2 = initial
    finding = Finding.objects.create(audit=stage2, kind="minor", description="Affichage")
    with pytest.raises(ValidationError, match="plan d'action"):
        services.certification_decide(
            actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
        )
    _action(finding)
    services.certification_decide(
        actor=federation_user, audit=stage2, outcome="grant", decided_on=D(2026, 10, 15)
    )


def test_a_refusal_is_not_blocked_and_numbers_nothing(initial, federation_user):
    certification, stage2 = initial
    major_finding(stage2)
    decision = services.certification_decide(
        actor=federation_user, audit=stage2, outcome="refuse", decided_on=D(2026, 10, 15)
    )
    certification.refresh_from_db()
    assert certification.status == "refused" and decision.certificate_number == ""


def test_certificate_numbers_are_consecutive_per_year(federation_user, structure):
    numbers = []
    for day in (D(2026, 3, 1), D(2026, 4, 1), D(2027, 1, 5)):
        certification = Certification.objects.create(
            referential=referential(), scheme="individual", structure=structure
        )
        stage2 = audit(certification, kind="stage2", starts_on=day)
        numbers.append(
            services.certification_decide(
                actor=federation_user, audit=stage2, outcome="grant", decided_on=day
            ).certificate_number
        )
    assert numbers == ["CEDRE-2026-0001", "CEDRE-2026-0002", "CEDRE-2027-0001"]


def test_a_renewal_continues_from_the_expiry_and_starts_a_new_cycle(federation_user, structure):
    certification = certified(structure, started_on=D(2023, 11, 20))
    recert = audit(certification, kind="recertification", starts_on=D(2026, 9, 1))
    services.certification_decide(
        actor=federation_user, audit=recert, outcome="renew", decided_on=D(2026, 10, 1)
    )
    certification.refresh_from_db()
    assert certification.cycle == 2
    assert certification.cycle_started_on == D(2026, 10, 1)
    assert certification.expires_on == D(2029, 11, 19)


def test_a_surveillance_is_maintained_not_granted(federation_user, structure):
    certification = certified(structure)
    surveillance = audit(certification, kind="surveillance")
    with pytest.raises(ValidationError):
        services.certification_decide(
            actor=federation_user, audit=surveillance, outcome="grant", decided_on=D(2026, 10, 1)
        )
    decision = services.certification_decide(
        actor=federation_user, audit=surveillance, outcome="maintain", decided_on=D(2026, 10, 1)
    )
    assert decision.outcome == "maintain"


def test_a_group_decision_waits_for_the_answer_about_the_other_sites(federation_user, structure):
    group = certified(None)
    GroupSite.objects.create(certification=group, structure=structure, joined_on=D(2020, 1, 1))
    surveillance = audit(group, kind="surveillance")
    site = AuditSite.objects.create(audit=surveillance, structure=structure, selection="random")
    finding = Finding.objects.create(
        audit=surveillance, site=site, kind="minor", description="Registre incomplet"
    )
    _action(finding)
    with pytest.raises(ValidationError, match="autres sites"):
        services.certification_decide(
            actor=federation_user, audit=surveillance, outcome="maintain", decided_on=D(2026, 10, 1)
        )
    services.finding_other_sites_answer(
        actor=federation_user,
        finding=finding,
        other_sites_affected=False,
        other_sites_answer="Registres des 9 autres sites vus à distance : complets.",
    )
    services.certification_decide(
        actor=federation_user, audit=surveillance, outcome="maintain", decided_on=D(2026, 10, 1)
    )


def test_suspension_lifting_and_withdrawal(federation_user, structure):
    certification = certified(structure, started_on=D(2025, 11, 18))
    with pytest.raises(ValidationError):
        services.certification_suspend(
            actor=federation_user, certification=certification, reason=" ", on=D(2026, 1, 5)
        )
    services.certification_suspend(
        actor=federation_user, certification=certification, reason="Plainte", on=D(2026, 1, 5)
    )
    certification.refresh_from_db()
    assert certification.status == "suspended" and certification.suspension_reason == "Plainte"
    services.certification_reinstate(
        actor=federation_user, certification=certification, reason="Levée", on=D(2026, 2, 1)
    )
    certification.refresh_from_db()
    assert certification.status == "certified" and certification.suspended_on is None
    # Suspended for a late surveillance: lifted only once it is held.
    services.certifications_check(on=D(2026, 11, 19))
    certification.refresh_from_db()
    assert certification.status == "suspended"
    with pytest.raises(ValidationError, match="18/11/2026"):
        services.certification_reinstate(
            actor=federation_user, certification=certification, reason="x", on=D(2026, 11, 25)
        )
    audit(certification, kind="surveillance", status="in_progress", starts_on=D(2026, 11, 24))
    services.certification_reinstate(
        actor=federation_user, certification=certification, reason="Audit tenu", on=D(2026, 11, 25)
    )
    services.certification_withdraw(
        actor=federation_user, certification=certification, reason="Fin", on=D(2026, 12, 1)
    )
    certification.refresh_from_db()
    assert certification.status == "withdrawn"
    assert list(certification.decisions.order_by("pk").values_list("outcome", flat=True)) == [
        "suspend",
        "reinstate",
        "suspend",
        "reinstate",
        "withdraw",
    ]


# Pages ----------------------------------------------------------------------------------


def _many(world, count=3):
    for i in range(count):
        c = certified(world.own if i % 2 else world.other, started_on=D(2025, 1, 10 + i))
        a = audit(c, kind="surveillance", status="reported")
        major_finding(a)


def test_the_federation_home_in_a_fixed_number_of_queries(world, client):
    client.force_login(world.user("federation"))
    _many(world, 2)
    url = reverse("quality:federation_home") + "?days=365"
    client.get(url)  # warm the caches (session, scope)
    with assert_query_count(12) as queries:
        response = client.get(url)
    _many(world, 3)
    with assert_query_count(len(queries.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Auvergne-Rhône-Alpes" in body and "Bretagne" in body
    assert "Aucun entretien" in body


def test_the_certification_list_in_a_fixed_number_of_queries(world, client):
    client.force_login(world.user("federation"))
    _many(world, 2)
    url = reverse("quality:certification_list")
    client.get(url)
    with assert_query_count(6) as queries:
        client.get(url)
    _many(world, 3)
    with assert_query_count(len(queries.captured_queries)):
        response = client.get(url)
    assert len(re.findall(r'href="/qualite/certifications/\d+/"', response.content.decode())) == 5


def test_the_detail_in_a_fixed_number_of_queries(world, client):
    client.force_login(world.user("federation"))
    certification = certified(world.other)
    for _ in range(2):
        audit(certification)
    url = reverse("quality:certification_detail", args=[certification.pk])
    client.get(url)
    with assert_query_count(11) as queries:
        client.get(url)
    for _ in range(3):
        audit(certification)
    with assert_query_count(len(queries.captured_queries)):
        client.get(url)


def test_an_auditor_sees_only_the_certifications_of_their_audits(world, client):
    mine = certified(world.other, name="Mienne")
    audit(mine, by=world.user("auditor"))
    certified(world.own, name="Autre")
    client.force_login(world.user("auditor"))
    body = client.get(reverse("quality:certification_list")).content.decode()
    assert "ACI de Bretagne" in body and "AI du Rhône" not in body
    other = Certification.objects.get(structure=world.own)
    assert client.get(reverse("quality:certification_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("quality:federation_home")).status_code == 404


def test_the_committee_decides_through_the_page(world, client):
    certification = certified(world.other)
    surveillance = audit(certification)
    finding = major_finding(surveillance)
    client.force_login(world.user("federation"))
    url = reverse("quality:certification_decide", args=[surveillance.pk])
    data = {"outcome": "maintain", "decided_on": "2026-11-18", "reasons": "Rapport lu"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Aucun entretien d" in response.content.decode()
    assert not Decision.objects.filter(audit=surveillance).exists()
    _action(finding, checked_on=D(2026, 11, 1), is_effective=True)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Audit.objects.get(pk=surveillance.pk).status == "decided"


def test_the_certificate_pdf(world, client):
    certification = certified(world.own)
    Decision.objects.create(
        certification=certification,
        outcome="grant",
        decided_on=certification.cycle_started_on,
        certificate_number="CEDRE-2025-0042",
    )
    client.force_login(world.user("director"))
    response = client.get(reverse("quality:certificate_pdf", args=[certification.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "CEDRE-2025-0042" in response["Content-Disposition"]


def test_the_directory_shows_the_certification_in_force(world, client, today):
    certification = certified(world.own, started_on=today - datetime.timedelta(days=30))
    url = reverse("network:directory_detail", args=[world.own.pk])
    body = client.get(url).content.decode()
    assert "CEDRE (test)" in body
    assert certification.expires_on.strftime("%d/%m/%Y") in body
    certification.status = "suspended"
    certification.save()
    assert "CEDRE (test)" not in client.get(url).content.decode()


def test_the_sample_page_in_a_fixed_number_of_queries(world, client):
    from .routes_groups import group_objects

    objects = group_objects(world)
    client.force_login(world.user("federation"))
    url = reverse("quality:audit_sample", args=[objects.audit.pk])
    client.get(url)
    with assert_query_count(8) as queries:
        client.get(url)
    other_site = AuditSite.objects.create(
        audit=objects.audit, structure=world.own, selection="risk"
    )
    for site in (other_site, objects.site, objects.site):
        major_finding(objects.audit, site=site)
    with assert_query_count(len(queries.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Autres sites : pas encore de réponse") == 4
