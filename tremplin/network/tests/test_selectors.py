import pytest
from django.core.exceptions import ValidationError

from tremplin.conftest import make_structure
from tremplin.network import selectors
from tremplin.network.models import Commune


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("saint-etienne", "42218"),  # accents, case and hyphens ignored
        ("SAINT ÉTIENNE", "42218"),
        ("69001", "69123"),  # a postcode of Lyon
        ("35238", "35238"),  # an INSEE code
        ("2A004", "2A004"),  # Ajaccio, Corsica
    ],
)
def test_commune_search(query, expected):
    assert selectors.commune_search(query)[0].code == expected


@pytest.mark.django_db
def test_commune_search_orders_by_population_and_limits():
    found = selectors.commune_search("sain", limit=5)
    assert len(found) == 5
    populations = [c.population for c in found]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.django_db
def test_commune_resolve_from_label_postcode_or_unique_name():
    lyon = Commune.objects.get(pk="69123")
    assert selectors.commune_resolve(lyon.label) == lyon
    assert selectors.commune_resolve("69003") == lyon
    assert selectors.commune_resolve("Villeurbanne").code == "69266"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [("Saint-Denis", "ambiguous_commune"), ("Zzyzx", "unknown_commune"), ("", "required")],
)
def test_commune_resolve_says_what_to_do(text, code):
    with pytest.raises(ValidationError) as excinfo:
        selectors.commune_resolve(text)
    assert excinfo.value.code == code
    assert excinfo.value.messages[0]  # a French sentence, checked in test_i18n


def test_directory_search_by_radius_sorted_by_distance(world, federation_user):
    # Villeurbanne is next to Lyon; Vienne about 27 km away; Rennes is far.
    near = make_structure(
        actor=federation_user,
        name="EI Villeurbanne",
        siret="55210055400013",
        commune="69266",
        kind="EI",
    )
    make_structure(
        actor=federation_user,
        name="ETTI Vienne",
        siret="44306184100047",
        commune="38544",
        kind="ETTI",
    )
    lyon = Commune.objects.get(pk="69123")
    hits = selectors.directory_search(center=lyon, radius_km=10)
    assert [h.structure.name for h in hits] == ["AI du Rhône", near.name]
    assert hits[0].distance_km <= hits[1].distance_km < 10
    wider = selectors.directory_search(center=lyon, radius_km=30)
    assert [h.structure.name for h in wider][-1] == "ETTI Vienne"
    assert [
        h.structure.name for h in selectors.directory_search(center=lyon, radius_km=30, kind="EI")
    ] == [near.name]


def test_directory_hides_structures_that_left(world):
    world.own.membership_status = "left"
    world.own.save()
    lyon = Commune.objects.get(pk="69123")
    assert selectors.directory_search(center=lyon, radius_km=20) == []


def test_counts_by_region_and_kind_follow_scope(world):
    fed = selectors.structure_counts_by_region_kind(actor=world.user("federation"))
    assert fed.grand_total == 2
    delegate = selectors.structure_counts_by_region_kind(actor=world.user("delegate"))
    assert delegate.grand_total == 1
    assert delegate.rows[0][0] == "Auvergne-Rhône-Alpes"
    ai_column = [code for code, _label in delegate.kinds].index("AI")
    assert delegate.rows[0][1][ai_column] == 1
