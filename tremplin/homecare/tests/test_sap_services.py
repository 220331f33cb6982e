"""The SAP side's services: each rule at its boundary, and nothing saved when refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.homecare.models import BrandLicence, DeclaredActivity, SapDeclaration, Service
from tremplin.homecare.services import sap as services
from tremplin.network.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(world):
    return world.user("director")


@pytest.fixture
def own(world):
    world.own.activities.add(Activity.objects.order_by("pk").first())
    return world.own


def declare(director, structure, today, **extra):
    values = {"number": f"SAP{structure.siret[:9]}", "declared_on": today, **extra}
    return services.sap_declaration_save(actor=director, structure=structure, **values)


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- The declaration ---------------------------------------------------------------------


def test_the_number_is_sap_and_the_structures_siren(director, own, today):
    declaration = declare(director, own, today, number="sap 732 829 320")
    assert declaration.number == "SAP732829320"
    with pytest.raises(ValidationError) as excinfo:
        declare(director, own, today, number="SAP123456789")
    assert "732829320" in messages_of(excinfo)
    with pytest.raises(ValidationError):
        declare(director, own, today, number="SAP73282932")
    assert SapDeclaration.objects.get().number == "SAP732829320"


def test_a_declaration_date_is_today_at_the_latest(director, own, today):
    declare(director, own, today)
    with pytest.raises(ValidationError) as excinfo:
        declare(director, own, today + datetime.timedelta(days=1))
    assert "declared_on" in excinfo.value.error_dict
    assert SapDeclaration.objects.get().declared_on == today


def test_an_agrement_has_its_number_and_date_and_ends_after_it_starts(director, own, today):
    with pytest.raises(ValidationError) as excinfo:
        declare(director, own, today, agrement_number="AG-1")
    assert "agrement_on" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        declare(
            director,
            own,
            today,
            agrement_number="AG-1",
            agrement_on=today,
            agrement_until=today - datetime.timedelta(days=1),
        )
    assert "agrement_until" in excinfo.value.error_dict
    assert not SapDeclaration.objects.exists()
    declare(director, own, today, agrement_number="AG-1", agrement_on=today, agrement_until=today)


def test_only_the_director_keeps_the_declaration(world, own, today):
    for role in ("planner", "accountant", "conseiller", "federation"):
        with pytest.raises(PermissionDenied):
            declare(world.user(role), own, today)
    assert not SapDeclaration.objects.exists()


# --- Declared activities: what D7231-1 asks for ------------------------------------------


def test_an_activity_under_agrement_needs_an_agrement(director, own, today):
    declare(director, own, today)
    with pytest.raises(ValidationError) as excinfo:
        services.declared_activity_add(
            actor=director, structure=own, activity_code="garde_moins_3", mode="prestataire"
        )
    assert "agrément" in messages_of(excinfo)
    assert not DeclaredActivity.objects.exists()
    declare(director, own, today, agrement_number="AG-1", agrement_on=today)
    services.declared_activity_add(
        actor=director, structure=own, activity_code="garde_moins_3", mode="prestataire"
    )


def test_an_expired_agrement_covers_nothing_new(director, own, today):
    yesterday = today - datetime.timedelta(days=1)
    declare(
        director,
        own,
        today,
        agrement_number="AG-1",
        agrement_on=yesterday,
        agrement_until=yesterday,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.declared_activity_add(
            actor=director, structure=own, activity_code="garde_moins_3", mode="prestataire"
        )
    assert f"a expiré le {yesterday:%d/%m/%Y}" in messages_of(excinfo)
    # Valid until today: still in force today.
    declare(
        director, own, today, agrement_number="AG-1", agrement_on=yesterday, agrement_until=today
    )
    services.declared_activity_add(
        actor=director, structure=own, activity_code="garde_moins_3", mode="prestataire"
    )


def test_help_to_the_elderly_needs_an_autorisation_as_provider_an_agrement_otherwise(
    director, own, today
):
    declare(director, own, today, autorisation_number="AUT-69", autorisation_on=today)
    services.declared_activity_add(
        actor=director, structure=own, activity_code="assistance_dependants", mode="prestataire"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.declared_activity_add(
            actor=director,
            structure=own,
            activity_code="assistance_dependants",
            mode="mise_a_disposition",
        )
    assert "agrément" in messages_of(excinfo)
    assert services.needs("assistance_dependants", "mandataire") == "agrement"
    assert services.needs("menage", "mandataire") is None


def test_dropping_the_autorisation_an_activity_needs_is_refused(director, own, today):
    declare(director, own, today, autorisation_number="AUT-69", autorisation_on=today)
    services.declared_activity_add(
        actor=director, structure=own, activity_code="assistance_dependants", mode="prestataire"
    )
    with pytest.raises(ValidationError) as excinfo:
        declare(director, own, today)
    assert "autorisation du département" in messages_of(excinfo)
    assert SapDeclaration.objects.get().autorisation_number == "AUT-69"


def test_mise_a_disposition_is_for_structures_that_place_their_employees(world, today):
    director = world.user("director")
    declare(director, world.own, today)  # an AI
    services.declared_activity_add(
        actor=director, structure=world.own, activity_code="menage", mode="mise_a_disposition"
    )
    world.own.kind = "ACI"
    world.own.save()
    with pytest.raises(ValidationError) as excinfo:
        services.declared_activity_add(
            actor=director,
            structure=world.own,
            activity_code="jardinage",
            mode="mise_a_disposition",
        )
    assert "prestataire" in messages_of(excinfo)


def test_an_activity_is_declared_once_per_mode(director, own, today):
    declare(director, own, today)
    services.declared_activity_add(
        actor=director, structure=own, activity_code="menage", mode="prestataire"
    )
    with pytest.raises(ValidationError):
        services.declared_activity_add(
            actor=director, structure=own, activity_code="menage", mode="prestataire"
        )
    assert DeclaredActivity.objects.count() == 1


# --- The catalogue -----------------------------------------------------------------------


def service_values(**extra):
    return {
        "name": "Ménage",
        "activity": "menage",
        "mode": "prestataire",
        "work_activity": Activity.objects.order_by("pk").first(),
        "pricing": "hourly",
        "price_excl_vat": Decimal("25.00"),
        "vat_rate": Decimal("10"),
        **extra,
    }


@pytest.fixture
def declared(director, own, today):
    declare(director, own, today)
    services.declared_activity_add(
        actor=director, structure=own, activity_code="menage", mode="prestataire"
    )
    return own


def test_a_service_is_offered_under_a_declared_activity_and_mode(director, declared):
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(
            actor=director, structure=declared, **service_values(activity="jardinage")
        )
    assert "activity" in excinfo.value.error_dict
    service = services.service_create(actor=director, structure=declared, **service_values())
    assert service.price_incl_vat == Decimal("27.50")
    assert Service.objects.count() == 1


def test_the_service_checks_say_what_to_fix(director, declared):
    other_activity = Activity.objects.exclude(pk=Activity.objects.order_by("pk").first().pk).first()
    with pytest.raises(ValidationError) as excinfo:
        services.service_create(
            actor=director,
            structure=declared,
            **service_values(
                price_excl_vat=Decimal(0),
                extra_fees=Decimal("3.00"),
                urssaf_nature_code="10-a!",
                work_activity=other_activity,
            ),
        )
    assert set(excinfo.value.error_dict) == {
        "price_excl_vat",
        "extra_fees_label",
        "urssaf_nature_code",
        "work_activity",
    }
    assert not Service.objects.exists()


def test_a_service_name_is_unique_in_the_catalogue(director, declared):
    services.service_create(actor=director, structure=declared, **service_values())
    with pytest.raises(ValidationError):
        services.service_create(actor=director, structure=declared, **service_values(name="ménage"))
    service = Service.objects.get()
    updated = services.service_update(
        actor=director, service=service, name="Ménage", vat_rate=Decimal(20)
    )
    assert updated.price_incl_vat == Decimal("30.00")


def test_only_the_director_changes_the_catalogue(world, declared):
    with pytest.raises(PermissionDenied):
        services.service_create(actor=world.user("planner"), structure=declared, **service_values())
    assert not Service.objects.exists()


def test_an_activity_with_services_on_offer_stays_declared(director, declared):
    service = services.service_create(actor=director, structure=declared, **service_values())
    activity = DeclaredActivity.objects.get()
    with pytest.raises(ValidationError):
        services.declared_activity_remove(actor=director, declared=activity)
    services.service_update(actor=director, service=service, is_active=False)
    services.declared_activity_remove(actor=director, declared=activity)
    assert not DeclaredActivity.objects.exists()


# --- Licences ----------------------------------------------------------------------------


def licence(world, start, end=None, licence=None):
    return services.brand_licence_save(
        actor=world.user("federation"),
        structure=world.own,
        licence=licence,
        started_on=start,
        ends_on=end,
        status="active",
        charter_version="2024",
        charter_signed_on=start,
    )


def test_licences_of_a_structure_never_overlap(world):
    first = licence(world, datetime.date(2020, 1, 1), datetime.date(2022, 12, 31))
    with pytest.raises(ValidationError):
        licence(world, datetime.date(2022, 12, 31))
    licence(world, datetime.date(2023, 1, 1))
    # Changing a licence does not overlap with itself.
    licence(world, datetime.date(2020, 1, 1), datetime.date(2022, 6, 30), licence=first)
    assert BrandLicence.objects.count() == 2


def test_the_federation_grants_licences(world):
    with pytest.raises(PermissionDenied):
        services.brand_licence_save(
            actor=world.user("director"),
            structure=world.own,
            started_on=datetime.date(2020, 1, 1),
            status="active",
            charter_version="2024",
            charter_signed_on=datetime.date(2020, 1, 1),
        )
    assert not BrandLicence.objects.exists()
