"""Corrective actions: recorded by the structure, checked effective before the finding
closes; an ineffective action reopens the finding."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.quality.models import CorrectiveAction, FindingStatus
from tremplin.quality.services import audits as services

from .audits_helpers import major_finding, planned_audit


def _action(world, finding):
    return services.corrective_action_record(
        actor=world.user("director"),
        finding=finding,
        cause="Pas de modèle",
        action="Écrire le livret",
        owner="La directrice",
        due_on=datetime.date(2026, 11, 30),
    )


@pytest.fixture
def finding(world):
    return major_finding(world, planned_audit(world))


def test_the_structure_records_an_action_through_the_page(world, client, finding):
    client.force_login(world.user("conseiller"))
    response = client.post(
        reverse("quality:action_create", args=[finding.pk]),
        {"cause": "Oubli", "action": "Livret", "owner": "CIP", "due_on": "2026-12-15"},
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACTION_PLANNED
    assert CorrectiveAction.objects.get().owner == "CIP"


def test_closing_a_nonconformity_without_a_check_is_refused_in_french(world, client, finding):
    action = _action(world, finding)
    services.corrective_action_done(
        actor=world.user("director"), action=action, done_on=datetime.date(2026, 11, 2)
    )
    with pytest.raises(ValidationError) as error:
        services.finding_close(actor=world.user("auditor"), finding=finding)
    assert "l'efficacité d'une action corrective n'a pas été vérifiée" in str(error.value)
    client.force_login(world.user("auditor"))
    response = client.post(reverse("quality:finding_close", args=[finding.pk]), follow=True)
    assert "n'a pas été vérifiée" in html.unescape(response.content.decode())
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACTION_PLANNED


def test_an_effective_check_lets_the_finding_close(world, client, finding, today):
    action = _action(world, finding)
    services.corrective_action_done(actor=world.user("director"), action=action, done_on=today)
    client.force_login(world.user("auditor"))
    response = client.post(
        reverse("quality:action_check", args=[action.pk]),
        {"checked_on": today.isoformat(), "is_effective": "yes", "check_notes": ""},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.checked_on, action.is_effective, action.checked_by) == (
        today,
        True,
        world.user("auditor"),
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    services.finding_close(actor=world.user("auditor"), finding=finding)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED


def test_an_ineffective_action_reopens_the_finding_for_a_new_one(world, finding, today):
    action = _action(world, finding)
    services.corrective_action_done(actor=world.user("director"), action=action, done_on=today)
    with pytest.raises(ValidationError):  # why not effective must be said
        services.corrective_action_check(
            actor=world.user("auditor"), action=action, checked_on=today, is_effective=False
        )
    services.corrective_action_check(
        actor=world.user("auditor"),
        action=action,
        checked_on=today,
        is_effective=False,
        notes="Livret écrit mais pas remis",
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    with pytest.raises(ValidationError):
        services.finding_close(actor=world.user("auditor"), finding=finding)
    second = _action(world, finding)
    assert finding.actions.count() == 2 and second.checked_on is None


def test_a_check_waits_for_the_action_to_be_done(world, finding, today):
    action = _action(world, finding)
    with pytest.raises(ValidationError) as error:
        services.corrective_action_check(
            actor=world.user("auditor"), action=action, checked_on=today, is_effective=True
        )
    assert "pas encore marqué cette action comme réalisée" in str(error.value)


def test_a_check_is_dated_on_or_after_the_action_and_not_after_today(world, finding, today):
    action = _action(world, finding)
    services.corrective_action_done(actor=world.user("director"), action=action, done_on=today)
    day = datetime.timedelta(days=1)
    for wrong in (today - day, today + day):
        with pytest.raises(ValidationError):
            services.corrective_action_check(
                actor=world.user("auditor"), action=action, checked_on=wrong, is_effective=True
            )
    services.corrective_action_check(
        actor=world.user("auditor"), action=action, checked_on=today, is_effective=True
    )


def test_an_observation_closes_without_an_action(world):
    audit = planned_audit(world)
    observation = services.finding_record(
        actor=world.user("auditor"), audit=audit, kind="observation", description="À suivre"
    )
    with pytest.raises(ValidationError):
        _action(world, observation)
    services.finding_close(actor=world.user("auditor"), finding=observation)
    observation.refresh_from_db()
    assert observation.status == FindingStatus.CLOSED
