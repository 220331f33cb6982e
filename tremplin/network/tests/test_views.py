import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.conftest import make_structure
from tremplin.network.demo import siret_for
from tremplin.network.models import Structure


def _structure_post(**overrides):
    data = {
        "name": "Jardins de Cocagne du Pays de Rennes",
        "siret": "55210055400013",
        "kind": "ACI",
        "address": "2 rue des Jardins",
        "commune": "Rennes (35000)",
        "activities": ["maraichage"],
        "email": "",
        "phone": "",
        "website": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_federation_creates_a_structure_from_the_page(world, client):
    client.force_login(world.user("federation"))
    response = client.post(reverse("network:structure_create"), _structure_post())
    created = Structure.objects.get(siret="55210055400013")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:structure_detail", args=[created.pk])
    assert created.commune_id == "35238"
    assert list(created.activities.values_list("code", flat=True)) == ["maraichage"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "55210055400014", "clé de contrôle"),
        ("commune", "Zzyzx", "Commune inconnue"),
        ("commune", "Saint-Denis", "Plusieurs communes"),
        ("name", "", "Ce champ est obligatoire"),
        ("siret", "", "Ce champ est obligatoire"),
        ("phone", "appelez-moi", "chiffres"),
    ],
)
def test_bad_input_on_the_structure_form_says_what_to_fix_and_saves_nothing(
    world, client, field, value, message
):
    client.force_login(world.user("federation"))
    before = Structure.objects.count()
    response = client.post(reverse("network:structure_create"), _structure_post(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert Structure.objects.count() == before


def test_director_profile_form_shows_only_profile_fields(world, client):
    client.force_login(world.user("director"))
    response = client.get(reverse("network:structure_edit", args=[world.own.pk]))
    fields = set(response.context["form"].fields)
    assert "siret" not in fields and "delegation" not in fields and "kind" not in fields
    response = client.post(
        reverse("network:structure_edit", args=[world.own.pk]),
        {
            "address": "3 place Bellecour",
            "commune": "Lyon (69002)",
            "website": "ai-rhone.example.org",
            "email": "",
            "phone": "04 72 00 00 00",
            "description": "",
            "siret": "00000000000000",
        },
    )
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.address == "3 place Bellecour"
    assert world.own.website == "https://ai-rhone.example.org"
    assert world.own.siret == "73282932000074"  # a field not on the form is ignored


def test_membership_and_dues_page(world, client):
    client.force_login(world.user("federation"))
    url = reverse("network:structure_membership", args=[world.other.pk])
    response = client.post(url, {"membership_status": "suspended", "member_since": "2001-03-01"})
    assert response.status_code == 302
    response = client.post(
        url, {"dues": "1", "dues-year": "2026", "dues-amount": "-5", "dues-status": "paid"}
    )
    assert response.status_code == 200
    assert "supérieure ou égale à 0" in " ".join(response.context["dues_form"].errors["amount"])
    response = client.post(
        url, {"dues": "1", "dues-year": "2026", "dues-amount": "900", "dues-status": "paid"}
    )
    world.other.refresh_from_db()
    assert world.other.membership_status == "suspended"
    assert world.other.dues.get().status == "paid"


def _many_structures(actor, count):
    for index in range(count):
        make_structure(
            actor=actor, name=f"Structure {index}", siret=siret_for(index), commune="69266"
        )


def test_structure_list_query_count_does_not_grow_with_rows(world, client):
    client.force_login(world.user("federation"))
    url = reverse("network:structure_list")
    # session, user, régions (filter), scope (memberships, delegations), navigation
    # memberships, count, page of structures with commune, delegation and group joined.
    with assert_query_count(8):
        response = client.get(url)
    assert response.context["page"].paginator.count == 2
    _many_structures(world.user("federation"), 6)
    with assert_query_count(8):
        response = client.get(url)
    assert response.context["page"].paginator.count == 8


def test_structure_api_list_query_count_and_scope(world, client):
    _many_structures(world.user("federation"), 4)
    client.force_login(world.user("delegate"))
    # session, user, scope (memberships, delegations), count, rows, activities.
    with assert_query_count(7):
        response = client.get(reverse("api:structure-list"))
    names = [row["name"] for row in response.json()["results"]]
    assert "ACI de Bretagne" not in names
    assert len(names) == 5  # AI du Rhône and the four in Villeurbanne


def test_directory_api_returns_nearest_first(world, client):
    response = client.get(reverse("api:directory-search"), {"commune": "69001", "radius": 30})
    assert response.status_code == 200
    assert response.json()[0]["structure"]["name"] == "AI du Rhône"
    assert "siret" not in response.json()[0]["structure"]
    response = client.get(reverse("api:directory-search"), {"commune": "Zzyzx"})
    assert response.status_code == 400
    assert "Commune inconnue" in response.json()["commune"][0]


def test_structure_switcher_changes_the_home_page(world, client, federation_user):
    second = make_structure(
        actor=federation_user, name="ETTI Lyon", siret="44306184100047", kind="ETTI"
    )
    director = world.user("director")
    from tremplin.accounts.services import structure_membership_add

    structure_membership_add(user=director, structure=second, role="director")
    client.force_login(director)
    assert client.get("/").context["structure"] == world.own
    client.post(reverse("accounts:switch_structure"), {"structure": second.pk, "next": "/"})
    assert client.get("/").context["structure"] == second


def test_public_pages_show_no_private_field(world, client):
    response = client.get(reverse("network:directory_detail", args=[world.own.pk]))
    content = response.content.decode()
    assert world.own.siret not in content
    assert "director@tremplin.test" not in content
