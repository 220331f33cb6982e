import datetime

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.training import qualiopi
from tremplin.training.models import Complaint

from .money_builders import attend, make_course, make_session, register_staff

pytestmark = pytest.mark.django_db


def test_every_indicator_answers_and_no_other(world):
    assert [n for n, _title, _evidence in qualiopi.all_evidence(year=2026)] == list(range(1, 33))
    with pytest.raises(ValueError):
        qualiopi.indicator_evidence(33, year=2026)
    with pytest.raises(ValueError):
        qualiopi.indicator_evidence(0, year=2026)


def test_evidence_comes_from_the_records(world):
    assert qualiopi.indicator_evidence(1, year=2026) == []  # no published course yet
    session = make_session(make_course("accueil"), datetime.date(2026, 3, 2))
    attend(register_staff(session, world.own), absent=(1,))
    Complaint.objects.create(
        received_on=datetime.date(2026, 3, 5),
        source="trainee",
        subject="Salle trop froide",
        description="Chauffage en panne",
        answered_on=datetime.date(2026, 3, 6),
        improvement="Vérification du chauffage la veille",
    )
    catalogue = qualiopi.indicator_evidence(1, year=2026)
    assert "1 " in catalogue[0].detail
    attendance = qualiopi.indicator_evidence(12, year=2026)
    assert any("1 half-days attended out of 2" in e.detail or "50" in e.detail for e in attendance)
    assert "1 " in qualiopi.indicator_evidence(31, year=2026)[0].detail
    assert qualiopi.indicator_evidence(32, year=2026)
    assert qualiopi.indicator_evidence(32, year=2025) == []
    assert qualiopi.indicator_evidence(13, year=2026) == []  # apprenticeship: nothing held


def test_the_page_lists_the_32_indicators(world, client):
    session = make_session(make_course("accueil"), datetime.date(2026, 3, 2))
    attend(register_staff(session, world.own), absent=(1,))
    client.force_login(world.user("federation"))
    url = reverse("training:qualiopi")
    client.get(url)
    # session, user, scope (2), the navigation's membership, and each provider once
    with assert_query_count(22):
        response = client.get(url, {"year": 2026})
    body = response.content.decode()
    assert body.count('id="indicateur-') == 32
    assert "Tremplin" in body


def test_questionnaires_are_the_evidence_of_indicators_11_and_30(world):
    from tremplin.training.models import SatisfactionAnswer, SelfAssessment

    assert qualiopi.indicator_evidence(30, year=2026) == []
    session = make_session(make_course("accueil"), datetime.date(2026, 3, 2))
    first = register_staff(session, world.own)
    register_staff(session, world.other, first="Marc")
    SatisfactionAnswer.objects.create(
        registration=first, content=4, methods=3, trainer=4, organisation=3
    )
    SelfAssessment.objects.create(registration=first, moment="before", level=1)
    SelfAssessment.objects.create(registration=first, moment="after", level=3)
    (satisfaction,) = qualiopi.indicator_evidence(30, year=2026)
    # One answer of the two trainees; (4 + 3 + 4 + 3) / 4 = 3,5.
    assert "1 réponse(s) sur 2 stagiaires" in satisfaction.detail
    assert "3,5 sur 4" in satisfaction.detail
    assessed = [e for e in qualiopi.indicator_evidence(11, year=2026) if "objectifs" in e.label]
    assert assessed and assessed[0].detail.startswith("1 stagiaire(s)")
    assert qualiopi.indicator_evidence(30, year=2025) == []
