"""The SAP pages: the director keeps them, the rest of the staff read them; the federation
runs the licences; the public sees the brand's licensees with a licence in force."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.homecare.models import BrandLicence, DeclaredActivity, SapDeclaration, Service
from tremplin.homecare.tests.routes_sap import SapObjects
from tremplin.network.models import Activity

pytestmark = pytest.mark.django_db


def login(client, world, role):
    client.force_login(world.user(role))
    return client


def test_the_director_records_the_declaration(client, world, today):
    login(client, world, "director")
    response = client.post(
        reverse("homecare:sap_declaration"),
        {"number": "SAP 732829320", "declared_on": today.isoformat()},
    )
    assert response.status_code == 302
    assert SapDeclaration.objects.get(structure=world.own).number == "SAP732829320"
    page = client.get(reverse("homecare:sap_home")).content.decode()
    assert "SAP732829320" in page and "Modifier la déclaration" in page


def test_a_wrong_number_is_refused_in_french_and_nothing_saved(client, world, today):
    login(client, world, "director")
    response = client.post(
        reverse("homecare:sap_declaration"),
        {"number": "SAP123456789", "declared_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert "se termine par le SIREN de la structure (732829320)" in response.content.decode()
    assert not SapDeclaration.objects.exists()


def test_the_planner_reads_but_does_not_change(client, world, today):
    SapObjects(world.own)
    login(client, world, "planner")
    page = client.get(reverse("homecare:sap_home")).content.decode()
    assert f"SAP{world.own.siret[:9]}" in page
    assert "Modifier la déclaration" not in page and "Retirer" not in page
    assert client.get(reverse("homecare:sap_declaration")).status_code == 403
    declared = DeclaredActivity.objects.get(activity="courses")
    response = client.post(reverse("homecare:sap_activity_remove", args=[declared.pk]))
    assert response.status_code == 403
    assert DeclaredActivity.objects.filter(pk=declared.pk).exists()
    catalogue = client.get(reverse("homecare:service_list")).content.decode()
    assert "Ménage Zorglub" in catalogue and "Nouvelle prestation" not in catalogue


def test_the_director_declares_an_activity_and_sees_why_one_is_refused(client, world, today):
    SapObjects(world.own)
    login(client, world, "director")
    client.post(
        reverse("homecare:sap_activity_add"), {"activity": "jardinage", "mode": "prestataire"}
    )
    assert DeclaredActivity.objects.filter(activity="jardinage").exists()
    response = client.post(
        reverse("homecare:sap_activity_add"),
        {"activity": "garde_moins_3", "mode": "prestataire"},
        follow=True,
    )
    assert "demande un agrément" in response.content.decode()
    assert not DeclaredActivity.objects.filter(activity="garde_moins_3").exists()


def test_the_director_adds_a_service_shown_excl_and_incl_vat_with_its_sub_cap(client, world, today):
    objects = SapObjects(world.own)
    DeclaredActivity.objects.create(
        declaration=objects.declaration, activity="bricolage", mode="mise_a_disposition"
    )
    activity = Activity.objects.order_by("pk").first()
    world.own.activities.add(activity)
    login(client, world, "director")
    response = client.post(
        reverse("homecare:service_create"),
        {
            "name": "Petit bricolage",
            "activity": "bricolage",
            "mode": "mise_a_disposition",
            "work_activity": activity.pk,
            "pricing": "hourly",
            "price_excl_vat": "30.00",
            "vat_rate": "20",
            "extra_fees": "5.00",
            "extra_fees_label": "Déplacement",
            "tax_mention": "",
            "urssaf_nature_code": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = html.unescape(client.get(reverse("homecare:service_list")).content.decode())
    assert "30,00 € HT" in page and "36,00 € TTC" in page
    assert (
        "Petit bricolage : plafond annuel, 2 heures par intervention" in page or "bricolage" in page
    )
    assert "le prestataire de service reste l'employeur" in page
    assert "Déplacement" in page


def test_a_service_form_error_says_what_to_fix(client, world, today):
    objects = SapObjects(world.own)
    world.own.activities.add(objects.service.work_activity)
    login(client, world, "director")
    response = client.post(
        reverse("homecare:service_create"),
        {
            "name": "Jardin",
            "activity": "jardinage",
            "mode": "prestataire",
            "work_activity": objects.service.work_activity.pk,
            "pricing": "hourly",
            "price_excl_vat": "20",
            "vat_rate": "0",
            "extra_fees": "0",
        },
    )
    assert response.status_code == 200
    assert "ajoutez-la d'abord aux activités de la déclaration" in html.unescape(
        response.content.decode()
    )
    assert Service.objects.count() == 1


def test_the_catalogue_counts_its_queries(client, world):
    objects = SapObjects(world.own)
    for n in range(5):
        Service.objects.create(
            structure=world.own,
            name=f"Service {n}",
            activity="menage",
            mode="prestataire",
            work_activity=objects.service.work_activity,
            price_excl_vat=Decimal(20),
        )
    login(client, world, "planner")
    client.get(reverse("homecare:service_list"))  # warm the session and scope
    with assert_query_count(6):
        response = client.get(reverse("homecare:service_list"))
    assert response.content.decode().count('class="card mb-3') == 6


# --- The brand ---------------------------------------------------------------------------


def test_the_federation_grants_a_licence_with_its_territory(client, world, today):
    login(client, world, "federation")
    response = client.post(
        reverse("homecare:licence_create"),
        {
            "structure": world.own.pk,
            "started_on": "2024-01-01",
            "status": "active",
            "charter_version": "2024.1",
            "charter_signed_on": "2023-12-15",
            "territory": ["69", "38"],
        },
    )
    assert response.status_code == 302
    licence = BrandLicence.objects.get()
    assert sorted(licence.territory.values_list("code", flat=True)) == ["38", "69"]
    page = client.get(reverse("homecare:licensee_list")).content.decode()
    assert "AI du Rhône" in page and "2024.1" in page and "en vigueur" in page


def test_licensees_list_counts_its_queries(client, world):
    SapObjects(world.own)
    SapObjects(world.other)
    login(client, world, "federation")
    client.get(reverse("homecare:licensee_list"))
    with assert_query_count(8):
        response = client.get(reverse("homecare:licensee_list"))
    assert "ACI de Bretagne" in response.content.decode()


def test_the_public_directory_shows_licences_in_force_only(client, world, today):
    objects = SapObjects(world.own)
    other = SapObjects(world.other)
    objects.licence.territory.set(["69", "38"])
    other.licence.ends_on = today - datetime.timedelta(days=1)
    other.licence.save()
    with assert_query_count(5):
        page = client.get(reverse("homecare:brand_directory")).content.decode()
    assert "AI du Rhône" in page and "Isère" in page
    assert "ACI de Bretagne" not in page
    assert client.get(reverse("homecare:brand_licensee", args=[world.other.pk])).status_code == 404
    # Ending today: still in force today.
    other.licence.ends_on = today
    other.licence.save()
    assert "ACI de Bretagne" in client.get(reverse("homecare:brand_directory")).content.decode()
    detail = html.unescape(
        client.get(reverse("homecare:brand_licensee", args=[world.own.pk])).content.decode()
    )
    assert "27,50 € TTC" in detail and "crédit d'impôt de 50 %" in detail


def test_the_public_directory_filters_by_departement(client, world):
    SapObjects(world.own)
    SapObjects(world.other)
    page = client.get(reverse("homecare:brand_directory"), {"departement": "35"}).content.decode()
    assert "ACI de Bretagne" in page and "AI du Rhône" not in page


def test_a_licensees_directory_page_shows_the_brand_and_its_services(client, world, today):
    objects = SapObjects(world.own)
    objects.licence.territory.set(["69"])
    page = html.unescape(
        client.get(reverse("network:directory_detail", args=[world.own.pk])).content.decode()
    )
    assert "Structure licenciée Proxim'Services" in page and objects.service.name in page
    assert reverse("homecare:brand_licensee", args=[world.own.pk]) in page
    objects.licence.status = "suspended"
    objects.licence.save()
    page = client.get(reverse("network:directory_detail", args=[world.own.pk])).content.decode()
    assert "Proxim" not in page
