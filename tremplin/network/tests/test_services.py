import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.conftest import make_structure
from tremplin.network import services
from tremplin.network.models import Commune, DuesRecord, Structure


def test_structure_create_derives_position_delegation_and_search_name(federation_user):
    structure = make_structure(
        actor=federation_user, name="Élan Solidaire", siret="732 829 320 00074", commune="35238"
    )
    rennes = Commune.objects.get(pk="35238")
    assert structure.siret == "73282932000074"
    assert (structure.latitude, structure.longitude) == (rennes.latitude, rennes.longitude)
    assert structure.delegation.regions.filter(pk=rennes.departement.region_id).exists()
    assert structure.search_name == "elan solidaire"


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "clé de contrôle"),
        ("7328293200007", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
    ],
)
def test_wrong_siret_is_refused_in_french_and_nothing_saved(federation_user, siret, message):
    with pytest.raises(ValidationError) as excinfo:
        make_structure(actor=federation_user, name="X", siret=siret)
    assert message in " ".join(excinfo.value.message_dict["siret"])
    assert not Structure.objects.exists()


def test_duplicate_siret_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        make_structure(actor=world.user("federation"), name="Copie", siret=world.own.siret)
    assert "siret" in excinfo.value.message_dict


@pytest.mark.parametrize("role", ["director", "conseiller", "delegate", "auditor", "employee"])
def test_only_federation_creates_structures(world, role):
    before = Structure.objects.count()
    with pytest.raises(PermissionDenied):
        make_structure(actor=world.user(role), name="Nouvelle", siret="55210055400013")
    assert Structure.objects.count() == before


def test_director_edits_profile_but_not_membership(world):
    director = world.user("director")
    services.structure_update(
        actor=director, structure=world.own, website="https://ai-rhone.example.org"
    )
    world.own.refresh_from_db()
    assert world.own.website == "https://ai-rhone.example.org"
    with pytest.raises(PermissionDenied):
        services.structure_update(actor=director, structure=world.own, membership_status="left")
    with pytest.raises(PermissionDenied):
        services.structure_update(
            actor=director, structure=world.other, website="https://x.example.org"
        )
    world.own.refresh_from_db()
    assert world.own.membership_status == "active"


def test_moving_a_structure_moves_its_position(world):
    brest = Commune.objects.get(pk="29019")
    services.structure_update(actor=world.user("federation"), structure=world.own, commune=brest)
    world.own.refresh_from_db()
    assert (world.own.latitude, world.own.longitude) == (brest.latitude, brest.longitude)


def test_dues_are_one_record_per_year(world):
    fed = world.user("federation")
    services.dues_record_set(actor=fed, structure=world.own, year=2026, amount=900, status="called")
    services.dues_record_set(actor=fed, structure=world.own, year=2026, amount=900, status="paid")
    assert list(DuesRecord.objects.values_list("year", "status")) == [(2026, "paid")]
    with pytest.raises(PermissionDenied):
        services.dues_record_set(
            actor=world.user("director"), structure=world.own, year=2026, amount=0, status="exempt"
        )


def test_group_save_replaces_members(world):
    fed = world.user("federation")
    group = services.group_save(
        actor=fed, group=world.group, name="GES Rhône", structures=[world.other]
    )
    assert list(group.structures.all()) == [world.other]
    with pytest.raises(ValidationError) as excinfo:
        services.group_save(actor=fed, name="GES Bis", siren="123456789")
    assert "siren" in excinfo.value.message_dict


@pytest.mark.django_db
def test_territories_load_is_complete():
    # Loaded once per test database by the session fixture from the committed file.
    assert Commune.objects.count() > 34_000
    assert Commune.objects.filter(latitude__isnull=True).count() < 50
    paris = Commune.objects.get(pk="75056")
    assert "75011" in paris.postcodes.split()
    assert Commune.objects.get(pk="97411").departement_id == "974"
