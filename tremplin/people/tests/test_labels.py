"""Labels where pages showed codes (found by the browser walk's scan of the visible text)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from tremplin.conftest import pinned_today
from tremplin.people.models import AccessEvent
from tremplin.people.services import accompaniment


def test_the_rules_page_names_the_kinds_of_clients_exempt_from_the_cap(world, client):
    client.force_login(world.user("conseiller"))
    with translation.override("fr"):
        html = client.get(reverse("people:rules_table")).content.decode()
    assert "local_authority" not in html and "&#x27;household&#x27;" not in html
    assert "Particulier, Association, Collectivité" in html


def test_the_history_names_a_commitment_review_in_french(world, client, person):
    today = pinned_today()
    actor = world.user("conseiller")
    commitment = accompaniment.commitment_create(
        actor=actor, person=person, signed_on=today, goals="Permis B"
    )
    accompaniment.commitment_review_add(
        actor=actor, commitment=commitment, date=today, notes="Avance bien"
    )
    client.force_login(world.user("director"))
    with translation.override("fr"):
        response = client.get(reverse("people:person_history", args=[person.pk]))
    whats = {change.what for change in response.context["changes"]}
    assert "bilan du contrat d'engagement" in whats
    assert "commitment review" not in response.content.decode()


def test_the_consultations_name_the_page_read_not_its_code(world, client, person):
    AccessEvent.objects.create(
        user=world.user("conseiller"),
        structure=world.own,
        at=timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0)),
        route="people:employee_record",
        kind="file",
        context="asp_record",
        people=1,
        person_ids=[person.pk],
    )
    client.force_login(world.user("director"))
    with translation.override("fr"):
        html = client.get(reverse("people:person_consultations", args=[person.pk])).content
    assert "(fiche salarié (ASP))" in html.decode()
    assert "asp_record" not in html.decode()
