"""What reaches an auditor from people's files: figures and pseudonyms, never a name, a
NIR nor an address; a document only when the structure attaches it itself."""

import datetime
import html
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from tremplin.people.models import Contract, Interview
from tremplin.people.services import persons
from tremplin.quality.models import FindingDocument
from tremplin.quality.services import audits as services

from .audits_helpers import major_finding, planned_audit

NAMES = ("Zéphyrine", "Quatremare", "Onésime", "Baudelot")
ADDRESS = "12 impasse des Glycines"


def _people(world):
    """Two people in a path at the audited structure, hired in the year before the audit."""
    made = []
    for first, last, hired in (
        (NAMES[0], NAMES[1], datetime.date(2026, 2, 2)),
        (NAMES[2], NAMES[3], datetime.date(2026, 5, 4)),
    ):
        person = persons.person_create(
            actor=world.user("conseiller"),
            structure=world.own,
            last_name=last,
            first_names=first,
            sex="F",
            birth_date=datetime.date(1988, 3, 9),
            address=ADDRESS,
        )
        Contract.objects.create(
            person=person,
            structure=world.own,
            kind="cddi",
            start_date=hired,
            planned_end_date=hired + datetime.timedelta(days=180),
            weekly_hours=Decimal(26),
        )
        Interview.objects.create(
            person=person, date=hired + datetime.timedelta(days=7), kind="diagnostic"
        )
        made.append(person)
    return made


def _body(response) -> str:
    return html.unescape(response.content.decode())


def test_no_name_of_the_structures_people_reaches_the_auditor(world, client):
    _people(world)
    audit = planned_audit(world)
    finding = major_finding(world, audit)
    site = audit.sites.get()
    client.force_login(world.user("auditor"))
    pages = [
        reverse("quality:audit_list"),
        reverse("quality:audit_detail", args=[audit.pk]),
        reverse("quality:audit_checklist", args=[audit.pk, site.pk]),
        reverse("quality:finding_create", args=[audit.pk]),
        reverse("quality:audit_evidence", args=[audit.pk]),
        reverse("quality:audit_evidence", args=[audit.pk]) + "?sample=1",
        reverse("quality:audit_report", args=[audit.pk]),
    ]
    bodies = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = _body(response)
    audit.checklist.update(result="conform")
    services.audit_report(actor=world.user("auditor"), audit=audit, conclusion="Bien")
    pdf = client.get(reverse("quality:audit_pdf", args=[audit.pk])).content
    bodies["pdf"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for where, body in bodies.items():
        for secret in (*NAMES, ADDRESS, "1988"):
            assert secret not in body, f"{secret} shown to the auditor on {where}"
    # What the auditor does see: the figures and pseudonymised paths with their dates.
    sample = bodies[pages[5]]
    assert "Parcours 1" in sample and "Parcours 2" in sample
    assert "02/02/2026" in sample and "09/02/2026" in sample  # hired, then interviewed
    assert "Parcours 1" not in bodies[pages[4]]  # no sample before it is drawn
    assert finding.pk


def test_the_figures_count_the_structures_paths_only(world, client):
    _people(world)
    audit = planned_audit(world)
    client.force_login(world.user("auditor"))
    figures = {
        f.label: f.value
        for f in client.get(reverse("quality:audit_evidence", args=[audit.pk])).context["figures"]
    }
    assert figures["Salariés en parcours sur la période"] == "2"
    assert figures["Embauches sur la période"] == "2"
    assert figures["Part des embauches avec un contrat d'engagement réciproque"] == "0\u00a0%"
    assert figures["Entretiens par salarié en parcours"] == "1,0"


def test_a_document_reaches_the_auditor_once_the_structure_attaches_it(world, client):
    audit = planned_audit(world)
    finding = major_finding(world, audit)
    client.force_login(world.user("director"))
    upload = SimpleUploadedFile("livret.pdf", b"%PDF-1.4 livret", content_type="application/pdf")
    response = client.post(
        reverse("quality:document_attach", args=[finding.pk]),
        {"title": "Livret d'accueil 2026", "file": upload},
    )
    assert response.status_code == 302
    document = FindingDocument.objects.get()
    assert document.uploaded_by == world.user("director")
    client.force_login(world.user("auditor"))
    assert "Livret d'accueil 2026" in _body(
        client.get(reverse("quality:audit_detail", args=[audit.pk]))
    )
    download = client.get(reverse("quality:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 livret"
    # The auditor cannot attach one themself: the structure does.
    assert client.get(reverse("quality:document_attach", args=[finding.pk])).status_code == 403
