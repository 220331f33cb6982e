"""The federation's training service prepares its own Qualiopi audit in the quality app:
a self-assessment without a structure, which federation staff alone read and write, each
indicator shown beside the evidence the training app holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tremplin.common.routes import ALL_ROLES
from tremplin.common.testing import assert_query_count
from tremplin.quality.models import AssessmentAnswer, Referential, Requirement, SelfAssessment
from tremplin.quality.services import assessments as services
from tremplin.training.tests.money_builders import attend, make_course, make_session, register_staff

pytestmark = pytest.mark.django_db


def qualiopi():
    return Referential.objects.filter(code="qualiopi", is_current=True).order_by("pk").first()


def indicator(number):
    return Requirement.objects.get(chapter__referential=qualiopi(), indicator=f"qualiopi.{number}")


def service_assessment(world, day=datetime.date(2026, 11, 2)):
    return services.self_assessment_create(
        actor=world.user("federation"), structure=None, referential=qualiopi(), assessed_on=day
    )


def test_the_federation_starts_the_service_assessment_from_its_page(client, world):
    client.force_login(world.user("federation"))
    page = client.get(reverse("quality:training_service_quality")).content.decode()
    assert "Qualité du service formation" in page
    # Qualiopi is proposed first: it is the training service's référentiel.
    assert f'<option value="{qualiopi().pk}" selected>' in page
    response = client.post(
        reverse("quality:training_service_assessment_create"),
        {"referential": qualiopi().pk, "assessed_on": "2026-11-02"},
    )
    assessment = SelfAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:assessment_detail", args=[assessment.pk])
    assert assessment.structure is None and assessment.is_training_service
    detail = client.get(response["Location"]).content.decode()
    assert "Service formation de la fédération" in detail
    assert reverse("quality:training_service_quality") in detail


def test_the_same_day_twice_is_refused_in_french(client, world):
    service_assessment(world)
    client.force_login(world.user("federation"))
    response = client.post(
        reverse("quality:training_service_assessment_create"),
        {"referential": qualiopi().pk, "assessed_on": "2026-11-02"},
    )
    assert response.status_code == 200
    assert "Le service formation a déjà une autoévaluation" in response.content.decode()
    assert SelfAssessment.objects.count() == 1
    # Another day is another self-assessment.
    service_assessment(world, datetime.date(2026, 11, 3))
    assert SelfAssessment.objects.count() == 2


def test_each_indicator_shows_the_evidence_the_training_app_holds(client, world):
    session = make_session(make_course("accueil"), datetime.date(2026, 3, 2))
    attend(register_staff(session, world.own), absent=(1,))
    assessment = service_assessment(world)
    client.force_login(world.user("federation"))
    page = client.get(
        reverse("quality:assessment_requirement", args=[assessment.pk, indicator(1).pk])
    ).content.decode()
    assert "Réponse du service formation" in page
    assert "Le catalogue public" in page
    # Indicator 12 reads attendance; indicator 13 (apprenticeship) holds nothing.
    twelve = client.get(
        reverse("quality:assessment_requirement", args=[assessment.pk, indicator(12).pk])
    ).content.decode()
    assert "demi-journées" in twelve
    response = client.post(
        reverse("quality:assessment_requirement", args=[assessment.pk, indicator(1).pk]),
        {"level": "in_place", "comment": "Catalogue en ligne, fiches complètes"},
    )
    assert response.status_code == 302
    assert AssessmentAnswer.objects.get(assessment=assessment).level == "in_place"


def test_the_sheet_reads_no_structure_s_paths(world):
    """A CEDRE requirement computed from `people` has nothing to show for the training
    service: it is no structure, and no network-wide figure may stand in for one."""
    from tremplin.quality.evidence import evidence_for

    day = datetime.date(2026, 11, 2)
    key = "people.commitment_contract_within_days"
    assert evidence_for(key, structure_id=world.own.pk, until=day) != []
    assert evidence_for(key, structure_id=None, until=day) == []


@pytest.mark.parametrize("role", sorted(ALL_ROLES - {"federation"}))
def test_nobody_else_reaches_the_service_assessment(client, world, role):
    assessment = service_assessment(world)
    requirement = indicator(1)
    client.force_login(world.user(role))
    urls = [
        reverse("quality:training_service_quality"),
        reverse("quality:assessment_detail", args=[assessment.pk]),
        reverse("quality:assessment_requirement", args=[assessment.pk, requirement.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("quality:assessment_requirement", args=[assessment.pk, requirement.pk]),
        {"level": "in_place", "comment": "x"},
    )
    assert response.status_code == 404
    assert not AssessmentAnswer.objects.exists()
    response = client.post(
        reverse("quality:training_service_assessment_create"),
        {"referential": qualiopi().pk, "assessed_on": "2026-11-05"},
    )
    assert response.status_code == 404
    assert SelfAssessment.objects.count() == 1


def test_a_structure_director_cannot_write_it_through_the_service(world):
    with pytest.raises(PermissionDenied):
        services.self_assessment_create(
            actor=world.user("director"),
            structure=None,
            referential=qualiopi(),
            assessed_on=datetime.date(2026, 11, 2),
        )
    assessment = service_assessment(world)
    with pytest.raises(PermissionDenied):
        services.assessment_answer_save(
            actor=world.user("director"),
            assessment=assessment,
            requirement=indicator(1),
            level="in_place",
            comment="",
        )
    with pytest.raises(ValidationError):
        services.self_assessment_create(
            actor=world.user("federation"),
            structure=None,
            referential=qualiopi(),
            assessed_on=datetime.date(2026, 11, 2),
        )


def test_the_service_page_query_count(client, world):
    service_assessment(world)
    service_assessment(world, datetime.date(2026, 11, 3))
    client.force_login(world.user("federation"))
    url = reverse("quality:training_service_quality")
    client.get(url)
    # session, user, scope (2), Qualiopi, the list, the navigation's membership, the form's
    # référentiels: the same for any number of self-assessments.
    with assert_query_count(8):
        client.get(url)
