"""The demo's self-assessment is made through the services, under way, and its page opens."""

import pytest
from django.urls import reverse

from tremplin.quality.models import AssessmentStatus, EvidenceFile, SelfAssessment
from tremplin.quality.parts import demo_referentials

pytestmark = pytest.mark.django_db


def test_the_first_demo_structure_has_a_self_assessment_under_way(
    world, today, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    counts = demo_referentials.seed(structures=[world.own, world.other], seed=1, today=today)
    assert counts == {"self_assessments": 2, "assessment_answers": 10, "planned_actions": 3}
    assessment = SelfAssessment.objects.get(structure__isnull=False)
    assert assessment.structure == world.own and assessment.referential.code == "cedre"
    assert assessment.status == AssessmentStatus.IN_PROGRESS
    assert assessment.created_by == world.user("director")
    assert EvidenceFile.objects.get().name == "livret-accueil.pdf"
    client.force_login(world.user("director"))
    page = client.get(reverse("quality:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Signer le contrat d&#x27;engagement dans le mois de l&#x27;embauche" in page
    assert "Tremplin le sait" in page


def test_the_training_service_prepares_its_qualiopi_audit_in_the_demo(
    world, today, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    demo_referentials.seed(structures=[world.own], seed=1, today=today)
    service = SelfAssessment.objects.get(structure__isnull=True)
    assert service.referential.code == "qualiopi" and service.answers.count() == 3
    client.force_login(world.user("federation"))
    page = client.get(reverse("quality:training_service_quality")).content.decode()
    assert reverse("quality:assessment_detail", args=[service.pk]) in page
    assert "3 exigences renseignées" in page
