"""The demo's SAP side holds the services' rules (the pages would accept every row)."""

import pytest

from tremplin.homecare import mentions
from tremplin.homecare.models import BrandLicence, DeclaredActivity, SapDeclaration, Service
from tremplin.homecare.parts import demo_sap
from tremplin.homecare.services import sap as services

pytestmark = pytest.mark.django_db


def test_the_demo_structures_get_a_valid_declaration_catalogue_and_licence(world, today):
    counts = demo_sap.seed(structures=[world.own, world.other], seed=1, today=today)
    assert counts == {"sap_declarations": 2, "sap_services": 13, "brand_licences": 2}
    for declaration in SapDeclaration.objects.all():
        assert declaration.number == f"SAP{declaration.structure.siret[:9]}"
        activities = list(declaration.activities.all())
        assert services.declaration_problems(declaration, activities, today=today) == []
    for service in Service.objects.select_related("structure"):
        assert DeclaredActivity.objects.filter(
            declaration__structure=service.structure, activity=service.activity, mode=service.mode
        ).exists()
        assert service.structure.activities.filter(pk=service.work_activity_id).exists()
    # The AI places its employees; the ACI provides the service itself.
    assert set(Service.objects.filter(structure=world.own).values_list("mode", flat=True)) == {
        "mise_a_disposition",
        "prestataire",
    }
    assert set(Service.objects.filter(structure=world.other).values_list("mode", flat=True)) == {
        "prestataire"
    }
    assert BrandLicence.objects.filter(status="active").count() == 2
    invoice = mentions.mentions_for(
        structure=world.own, services=Service.objects.filter(structure=world.own), on=today
    )
    assert invoice.declaration and invoice.tax
