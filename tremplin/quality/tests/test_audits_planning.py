"""Planning an audit: its sites and checklist, and who may lead it (impartiality)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.accounts import services as account_services
from tremplin.accounts.models import UserKind
from tremplin.quality.models import (
    Audit,
    AuditStatus,
    Certification,
    ChecklistItem,
    GroupSite,
    SiteSelection,
)
from tremplin.quality.services import audits as services

from .audits_helpers import certification_of, planned_audit
from .routes_audits import referential


def _staff_of(structure, email, role="director"):
    user = account_services.user_create(
        email=email, kind=UserKind.STRUCTURE_STAFF, password=None, last_name="Pair"
    )
    account_services.structure_membership_add(user=user, structure=structure, role=role)
    return user


def test_an_individual_audit_visits_its_structure_over_every_requirement(world):
    audit = planned_audit(world)
    site = audit.sites.get()
    assert (site.structure, site.selection) == (world.own, SiteSelection.SINGLE)
    items = ChecklistItem.objects.filter(audit=audit)
    assert sorted(items.values_list("requirement__number", flat=True)) == ["1.1", "1.2", "2.1"]
    assert set(items.values_list("site", flat=True)) == {site.pk}
    assert audit.status == AuditStatus.PLANNED and not audit.auditor_is_peer


def test_a_group_audit_visits_the_central_function_and_its_sample(world):
    certification = Certification.objects.create(
        referential=referential(), scheme="group", name="Groupe CEDRE-ISO"
    )
    GroupSite.objects.create(
        certification=certification, structure=world.own, joined_on=datetime.date(2024, 1, 1)
    )
    audit = services.audit_plan(
        actor=world.user("federation"), certification=certification, kind="surveillance"
    )
    # One site: the sample is ⌈0.6·√1⌉ = 1 site, drawn at random, besides the central function.
    sites = {(site.structure_id, site.selection) for site in audit.sites.all()}
    assert sites == {(None, SiteSelection.CENTRAL), (world.own.pk, SiteSelection.RANDOM)}
    assert audit.checklist.count() == 6  # the référentiel's 3 requirements at each site


def test_a_peer_of_another_structure_may_lead_the_audit(world):
    peer = _staff_of(world.other, "pair@tremplin.test")
    audit = planned_audit(world, auditor=peer)
    assert audit.auditor == peer and audit.auditor_is_peer


def test_a_peer_from_the_audited_structure_is_refused_in_french(world, client):
    colleague = world.user("conseiller")  # staff of world.own, the audited structure
    with pytest.raises(ValidationError) as error:
        planned_audit(world, auditor=colleague)
    assert "Un pair ne peut pas auditer sa propre structure" in str(error.value)
    assert not Audit.objects.exists()
    # The same through the planning page: the form says it, nothing is saved.
    certification = certification_of(world.own)
    client.force_login(world.user("federation"))
    response = client.post(
        reverse("quality:audit_create"),
        {"certification": certification.pk, "kind": "stage1", "auditor": colleague.pk},
    )
    assert response.status_code == 200
    assert "Un pair ne peut pas auditer sa propre structure" in response.content.decode()
    assert not Audit.objects.exists()


def test_an_employee_cannot_lead_an_audit(world):
    with pytest.raises(ValidationError) as error:
        planned_audit(world, auditor=world.user("employee"))
    assert "auditeur ou un membre de l'équipe" in str(error.value)


def test_an_audit_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError):
        services.audit_plan(
            actor=world.user("federation"),
            certification=certification_of(world.own),
            kind="stage1",
            starts_on=datetime.date(2026, 10, 6),
            ends_on=datetime.date(2026, 10, 5),
        )
    assert not Audit.objects.exists()


def test_federation_staff_plan_an_audit_through_the_page(world, client):
    certification = certification_of(world.own)
    client.force_login(world.user("federation"))
    response = client.post(
        reverse("quality:audit_create"),
        {
            "certification": certification.pk,
            "kind": "stage1",
            "auditor": world.user("auditor").pk,
            "starts_on": "2026-12-07",
            "ends_on": "2026-12-07",
            "plan": "Accueil à 9 h",
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:audit_detail", args=[audit.pk])
    assert audit.auditor == world.user("auditor") and audit.checklist.count() == 3
