"""The pages of référentiels and self-assessments: who reads, who writes, the uploads
refused, another structure's self-assessment out of reach, and the lists' query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.quality.models import (
    AssessmentAnswer,
    AssessmentStatus,
    EvidenceFile,
    PlannedAction,
    Referential,
    Requirement,
    SelfAssessment,
)
from tremplin.quality.services.referentials import SHIPPED_DIR
from tremplin.quality.tests.routes_referentials import PDF, AssessmentObjects

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def login(client, world, role):
    client.force_login(world.user(role))
    return client


def cedre():
    return Referential.objects.filter(code="cedre", is_current=True).order_by("pk").first()


def test_the_list_and_a_referential_for_an_auditor(client, world):
    login(client, world, "auditor")
    page = client.get(reverse("quality:referential_list")).content.decode()
    assert "ISO 9001:2015" in page and "Référentiel national qualité (Qualiopi)" in page
    assert "exemple à compléter" in page
    assert "Charger une nouvelle version" not in page
    detail = client.get(reverse("quality:referential_detail", args=[cedre().pk])).content.decode()
    assert "Contrat d&#x27;engagement réciproque" in detail
    assert "Ce référentiel est un exemple de sa structure publique" in detail
    assert client.get(reverse("quality:referential_upload")).status_code == 404


def test_the_referential_list_query_count(client, world):
    login(client, world, "federation")
    client.get(reverse("quality:referential_list"))  # session, scope: warmed once
    with assert_query_count(6):
        client.get(reverse("quality:referential_list"))


def test_the_federation_uploads_a_new_version_and_errors_are_listed(client, world):
    login(client, world, "federation")
    text = (SHIPPED_DIR / "cedre-example.toml").read_text(encoding="utf-8")
    text = text.replace('version = "exemple-1"', 'version = "2"')
    broken = text.replace('title = "Accueil du salarié à son arrivée"\n', "")
    response = client.post(
        reverse("quality:referential_upload"),
        {"file": SimpleUploadedFile("cedre.toml", broken.encode())},
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "Rien n'a été chargé" in page
    assert "cedre.toml, chapitre 1, exigence 1.1 : intitulé manquant (« title »)" in page
    assert not Referential.objects.filter(code="cedre", version="2").exists()
    response = client.post(
        reverse("quality:referential_upload"),
        {"file": SimpleUploadedFile("cedre.toml", text.encode())},
    )
    loaded = Referential.objects.get(code="cedre", version="2")
    assert response.status_code == 302 and loaded.is_current
    assert not Referential.objects.get(code="cedre", version="exemple-1").is_current


def test_a_referential_file_too_large_is_not_read(client, world, settings):
    settings.QUALITY_REFERENTIAL_MAX_BYTES = 1000
    login(client, world, "federation")
    response = client.post(
        reverse("quality:referential_upload"),
        {"file": SimpleUploadedFile("gros.toml", b"# " + b"x" * 5000)},
    )
    assert "Le fichier est trop gros" in response.content.decode()


def test_the_director_starts_answers_and_plans(client, world, today):
    login(client, world, "director")
    response = client.post(
        reverse("quality:assessment_create"),
        {"referential": cedre().pk, "assessed_on": today.isoformat()},
    )
    assessment = SelfAssessment.objects.get(structure=world.own)
    assert response.status_code == 302
    requirement = Requirement.objects.get(chapter__referential=cedre(), number="2.1")
    url = reverse("quality:assessment_requirement", args=[assessment.pk, requirement.pk])
    page = client.get(url).content.decode()
    # The computed indicator is shown next to the requirement, with its period.
    assert "Tremplin le sait" in page and "aucun cas sur la période" in page
    response = client.post(url, {"level": "partly", "comment": "Signé trop tard"})
    assert response.status_code == 302
    answer = AssessmentAnswer.objects.get(assessment=assessment, requirement=requirement)
    assert (answer.level, answer.comment) == ("partly", "Signé trop tard")
    response = client.post(
        reverse("quality:action_add", args=[assessment.pk]),
        {
            "requirement": requirement.pk,
            "action": "Signer le contrat dans le mois",
            "owner": "La conseillère",
            "due_on": "2027-03-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    assert PlannedAction.objects.get(assessment=assessment).requirement == requirement
    # The same référentiel on the same day a second time: refused in French.
    response = client.post(
        reverse("quality:assessment_create"),
        {"referential": cedre().pk, "assessed_on": today.isoformat()},
    )
    assert "ouvrez-la, ou choisissez une autre date" in response.content.decode()
    assert SelfAssessment.objects.filter(structure=world.own).count() == 1


def test_completing_asks_a_level_for_every_requirement(client, world):
    objects = AssessmentObjects(world.own)
    login(client, world, "conseiller")
    url = reverse("quality:assessment_complete", args=[objects.assessment.pk])
    page = client.post(url, follow=True).content.decode()
    assert "10 exigences n&#x27;ont pas encore de niveau" in page
    for requirement in Requirement.objects.filter(chapter__referential=objects.referential):
        AssessmentAnswer.objects.update_or_create(
            assessment=objects.assessment, requirement=requirement, defaults={"level": "na"}
        )
    client.post(url)
    objects.assessment.refresh_from_db()
    assert objects.assessment.status == AssessmentStatus.COMPLETED
    # Completed: no more changes.
    answer_url = reverse(
        "quality:assessment_requirement", args=[objects.assessment.pk, objects.requirement.pk]
    )
    assert client.post(answer_url, {"level": "partly"}).status_code == 403


def test_an_evidence_file_is_attached_and_downloaded(client, world):
    objects = AssessmentObjects(world.own)
    login(client, world, "director")
    url = reverse("quality:evidence_upload", args=[objects.assessment.pk, objects.requirement.pk])
    response = client.post(url, {"file": SimpleUploadedFile("charte.pdf", PDF)})
    assert response.status_code == 302
    added = EvidenceFile.objects.get(name="charte.pdf")
    download = client.get(reverse("quality:evidence_download", args=[added.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_an_evidence_file_of_the_wrong_type_or_too_large_is_refused(client, world, settings):
    objects = AssessmentObjects(world.own)
    login(client, world, "director")
    url = reverse("quality:evidence_upload", args=[objects.assessment.pk, objects.requirement.pk])
    before = EvidenceFile.objects.count()
    # A program renamed as a PDF is told by its first bytes.
    response = client.post(url, {"file": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00binary")})
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("notes.exe", PDF)})
    assert "Ce type de fichier n&#x27;est pas accepté" in response.content.decode()
    settings.QUALITY_EVIDENCE_MAX_BYTES = 1000
    response = client.post(url, {"file": SimpleUploadedFile("gros.pdf", PDF + b"x" * 5000)})
    assert "Le fichier est trop gros" in response.content.decode()
    assert EvidenceFile.objects.count() == before


def test_the_planner_reads_and_does_not_write(client, world):
    objects = AssessmentObjects(world.own)
    login(client, world, "planner")
    page = client.get(reverse("quality:assessment_detail", args=[objects.assessment.pk]))
    body = page.content.decode()
    assert "En partie en place" in body
    assert "Ajouter une action" not in body and "Terminer l'autoévaluation" not in body
    url = reverse(
        "quality:assessment_requirement", args=[objects.assessment.pk, objects.requirement.pk]
    )
    assert client.post(url, {"level": "mastered"}).status_code == 403
    assert AssessmentAnswer.objects.get(requirement=objects.requirement).level == "partly"
    home = client.get(reverse("quality:structure_home")).content.decode()
    assert "Commencer une autoévaluation" not in home


def test_another_structures_self_assessment_is_out_of_reach(client, world):
    other = AssessmentObjects(world.other)
    for role in ("director", "conseiller", "delegate", "auditor"):
        login(client, world, role)
        for url in (
            reverse("quality:assessment_detail", args=[other.assessment.pk]),
            reverse(
                "quality:assessment_requirement",
                args=[other.assessment.pk, other.requirement.pk],
            ),
            reverse("quality:evidence_download", args=[other.evidence.pk]),
            reverse("quality:action_edit", args=[other.action.pk]),
        ):
            assert client.get(url).status_code == 404, (role, url)
    home = client.get(reverse("quality:structure_home"))
    assert home.status_code == 404  # the auditor has no structure


def test_a_requirement_of_another_referential_is_not_found(client, world):
    objects = AssessmentObjects(world.own)
    iso = Requirement.objects.filter(chapter__referential__code="iso-9001").first()
    login(client, world, "director")
    url = reverse("quality:assessment_requirement", args=[objects.assessment.pk, iso.pk])
    assert client.get(url).status_code == 404


def test_the_quality_home_and_the_sheet_query_counts(client, world):
    for day in (1, 2, 3):
        SelfAssessment.objects.create(
            structure=world.own, referential=cedre(), assessed_on=datetime.date(2026, 1, day)
        )
    objects = AssessmentObjects(world.own)
    login(client, world, "director")
    client.get(reverse("quality:structure_home"))
    # Three more for the certification, audits and open findings cards, whatever their rows.
    with assert_query_count(10):
        page = client.get(reverse("quality:structure_home")).content.decode()
    assert page.count("CEDRE") >= 4
    url = reverse("quality:assessment_detail", args=[objects.assessment.pk])
    client.get(url)
    # The three CEDRE indicators cost four aggregate queries, whatever the number of paths.
    with assert_query_count(16):
        client.get(url)


def test_the_federation_reads_a_structures_quality_page(client, world):
    objects = AssessmentObjects(world.other)
    login(client, world, "federation")
    page = client.get(reverse("quality:structure_quality", args=[world.other.pk])).content
    assert reverse("quality:assessment_detail", args=[objects.assessment.pk]).encode() in page
    assert "Commencer une autoévaluation".encode() not in page
