"""The auditor's space: my audits, the checklist, findings, the report and its PDF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from tremplin.common.testing import assert_query_count
from tremplin.quality.models import AuditStatus, ChecklistResult, Finding
from tremplin.quality.services import audits as services

from .audits_helpers import major_finding, planned_audit
from .routes_audits import other_auditor


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_auditor_lists_only_the_audits_given_to_them(world, client):
    mine = planned_audit(world)
    theirs = planned_audit(world, world.other, auditor=other_auditor())
    client.force_login(world.user("auditor"))
    response = client.get(reverse("quality:audit_list"))
    assert list(response.context["audits"]) == [mine]
    assert client.get(reverse("quality:audit_detail", args=[theirs.pk])).status_code == 404
    site = theirs.sites.get()
    url = reverse("quality:audit_checklist", args=[theirs.pk, site.pk])
    assert client.get(url).status_code == 404


def test_the_list_runs_the_same_queries_for_one_audit_or_many(world, client):
    client.force_login(world.user("federation"))
    planned_audit(world)
    url = reverse("quality:audit_list")
    client.get(url)
    with assert_query_count(6) as one:
        client.get(url)
    for _ in range(3):
        planned_audit(world, world.other)
    with assert_query_count(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["audits"]) == 4


def test_federation_staff_filter_the_audits_by_state(world, client):
    planned = planned_audit(world)
    started = planned_audit(world, world.other)
    services.finding_record(
        actor=world.user("federation"), audit=started, kind="strength", description="Accueil"
    )
    client.force_login(world.user("federation"))
    url = reverse("quality:audit_list")
    assert list(client.get(url, {"status": "planned"}).context["audits"]) == [planned]
    assert list(client.get(url, {"status": "in_progress"}).context["audits"]) == [started]
    assert list(client.get(url, {"status": "reported"}).context["audits"]) == []


def test_the_auditor_fills_a_site_checklist_which_starts_the_audit(world, client):
    audit = planned_audit(world)
    site = audit.sites.get()
    items = list(audit.checklist.order_by("requirement__number"))
    client.force_login(world.user("auditor"))
    data = {f"result-{item.pk}": "conform" for item in items}
    data.update({f"notes-{item.pk}": "" for item in items})
    data[f"notes-{items[0].pk}"] = "Livret vu"
    response = client.post(reverse("quality:audit_checklist", args=[audit.pk, site.pk]), data)
    assert response.status_code == 302
    items[0].refresh_from_db()
    assert (items[0].result, items[0].notes) == (ChecklistResult.CONFORM, "Livret vu")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS


def test_a_nonconformity_on_a_requirement_marks_its_checklist_line(world, client):
    audit = planned_audit(world)
    site = audit.sites.get()
    item = audit.checklist.get(requirement__number="1.2")
    client.force_login(world.user("auditor"))
    response = client.post(
        reverse("quality:finding_create", args=[audit.pk]),
        {
            "kind": "minor",
            "requirement": item.requirement_id,
            "site": site.pk,
            "description": "Entretien d'accueil non tracé",
            "evidence": "Parcours 2 : pas d'entretien",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.kind, finding.recorded_by) == ("minor", world.user("auditor"))
    item.refresh_from_db()
    assert item.result == ChecklistResult.FINDING


def test_the_report_waits_for_every_line_of_the_checklist(world):
    audit = planned_audit(world)
    audit.checklist.exclude(requirement__number="2.1").update(result="conform")
    with pytest.raises(ValidationError) as error:
        services.audit_report(actor=world.user("auditor"), audit=audit, conclusion="Bien")
    assert "1 exigences de la grille ne sont pas encore auditées" in str(error.value)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.PLANNED and audit.reported_on is None


def test_the_report_is_sent_and_printed(world, client, today):
    audit = planned_audit(world)
    major_finding(world, audit)
    audit.checklist.filter(result="not_seen").update(result="na")
    client.force_login(world.user("auditor"))
    response = client.post(
        reverse("quality:audit_report", args=[audit.pk]),
        {"conclusion": "Certification recommandée après levée de l'écart"},
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.status, audit.reported_on) == (AuditStatus.REPORTED, today)
    # Closed: nothing more is recorded on it.
    with pytest.raises(ValidationError):
        services.finding_record(
            actor=world.user("auditor"), audit=audit, kind="observation", description="Tard"
        )
    for role in ("auditor", "director", "federation"):
        client.force_login(world.user(role))
        pdf = client.get(reverse("quality:audit_pdf", args=[audit.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Rapport d'audit" in text and "AI du Rhône" in text
    assert "Non-conformité majeure" in text and "Aucun livret d'accueil" in text
    assert "Certification recommandée" in text
    assert "Synthèse de la grille" in text


def test_no_report_pdf_before_the_report(world, client):
    audit = planned_audit(world)
    client.force_login(world.user("auditor"))
    assert client.get(reverse("quality:audit_pdf", args=[audit.pk])).status_code == 404
