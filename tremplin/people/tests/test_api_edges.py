"""The API's edges: bounded pages, French errors, constraint messages, declared answers."""

import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError
from django.db.models import CheckConstraint, UniqueConstraint
from django.test import override_settings
from django.utils import translation
from rest_framework.test import APIClient

from tremplin.common.api import EXTRA_CONSTRAINTS, _integrity_message, constraint_messages
from tremplin.common.schema import add_error_answers

DEFAULT_MESSAGES = {
    str(CheckConstraint.default_violation_error_message),
    str(UniqueConstraint.default_violation_error_message),
}


@pytest.fixture(autouse=True)
def _french():
    """Messages are asserted in French, whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


def test_every_constraint_of_every_model_has_its_own_message():
    """A new constraint without a `violation_error_message` fails here: its violation would
    read « La contrainte « … » n'est pas respectée »."""
    missing = [
        f"{model._meta.label}.{constraint.name}"
        for model in apps.get_models()
        if model.__module__.startswith("tremplin.")
        for constraint in model._meta.constraints
        if constraint.violation_error_message in (None, constraint.default_violation_error_message)
    ]
    assert not missing


def test_constraint_messages_are_french():
    messages = constraint_messages()
    assert messages["time_entry_hours_range"] == (
        "Une saisie d'heures compte plus de 0 et au plus 24 heures."
    )
    assert not DEFAULT_MESSAGES & set(messages.values())
    assert set(EXTRA_CONSTRAINTS) <= set(messages)


def test_an_integrity_error_is_answered_with_the_constraint_message():
    error = IntegrityError('duplicate key value violates unique constraint "invoice_number_unique"')
    assert _integrity_message(error) == (
        "Ce numéro de facture est déjà pris : les numéros de facture ne se répètent jamais."
    )
    assert "recharg" in _integrity_message(IntegrityError("something else"))


@pytest.fixture
def director(world):
    client = APIClient()
    client.force_authenticate(world.users["director"])
    return client


def _people(world, count):
    from tremplin.people.services.persons import person_create

    for n in range(count):
        person_create(
            actor=world.users["director"],
            structure=world.own,
            last_name=f"Nom{n:03d}",
            first_names="Prénom",
            sex="F",
            birth_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=n),
        )


@override_settings(API_MAX_PAGE_SIZE=5)
def test_a_page_holds_at_most_the_maximum(world, director):
    _people(world, 7)
    at_max = director.get("/api/v1/personnes/", {"limit": 5}).json()
    assert len(at_max["results"]) == 5
    above = director.get("/api/v1/personnes/", {"limit": 6}).json()
    assert len(above["results"]) == 5  # cut to the maximum, not refused
    huge = director.get("/api/v1/personnes/", {"limit": 10**30})
    assert huge.status_code == 200 and len(huge.json()["results"]) == 5


@pytest.mark.parametrize(
    "params",
    [
        {"limit": -3},
        {"limit": "abc"},
        {"offset": -1},
        {"offset": "x"},
        {"offset": 10**30},
        {"limit": 10**30, "offset": 10**30},
    ],
)
def test_no_page_parameter_is_a_server_error(world, director, params):
    _people(world, 2)
    answer = director.get("/api/v1/personnes/", params)
    assert answer.status_code == 200
    assert answer.json()["count"] == 2


def test_an_offset_past_the_end_gives_an_empty_page(world, director):
    _people(world, 2)
    answer = director.get("/api/v1/personnes/", {"offset": 10**30}).json()
    assert answer["count"] == 2 and answer["results"] == []


def test_the_schema_names_the_page_bounds_and_the_error_answers(world, director):
    schema = director.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/personnes/"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
    assert limit["schema"]["default"] == 50
    assert "200" in limit["description"]
    post = schema["paths"]["/api/v1/personnes/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "415", "429"} <= set(post)
    assert post["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    public = schema["paths"]["/api/v1/annuaire/"]["get"]["responses"]
    assert "401" not in public and "400" in public


def test_local_times_are_described_as_sent():
    result = {
        "paths": {},
        "components": {
            "schemas": {"A": {"properties": {"t": {"type": "string", "format": "time"}}}}
        },
    }
    add_error_answers(result, None, None, True)
    field = result["components"]["schemas"]["A"]["properties"]["t"]
    assert "format" not in field
    assert field["pattern"].startswith("^")


def test_every_404_is_french(world, director):
    # get_object_or_404 says « No ProlongationRequest matches the given query. » in English.
    answer = director.post(
        "/api/v1/demandes-prolongation/999999/decision/",
        {"accepted": True, "decided_on": "2025-01-01"},
        format="json",
    )
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Introuvable, ou hors de votre périmètre."}
    assert director.get("/api/v1/personnes/999999/").json() == answer.json()


def test_method_media_type_and_parse_errors_are_french(world, director):
    assert director.delete("/api/v1/personnes/").json() == {
        "detail": "La méthode DELETE n'est pas permise ici."
    }
    wrong_type = director.post("/api/v1/personnes/", data="a=b", content_type="text/plain")
    assert wrong_type.status_code == 415
    assert "JSON" in wrong_type.json()["detail"]
    broken = director.post("/api/v1/personnes/", data="{", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json() == {
        "detail": "Le corps de la requête est illisible : envoyez du JSON valide."
    }


@pytest.mark.parametrize(
    ("day", "accepted"),
    [("1899-12-31", False), ("1900-01-01", True), ("2100-12-31", True), ("2101-01-01", False)],
)
def test_api_dates_lie_in_a_plausible_window(day, accepted):
    from tremplin.common.api import PlausibleDateField

    field = PlausibleDateField()
    if accepted:
        assert field.run_validation(day) == datetime.date.fromisoformat(day)
    else:
        with pytest.raises(
            Exception, match="Indiquez une date entre le 01/01/1900 et le 31/12/2100"
        ):
            field.run_validation(day)


@pytest.mark.parametrize("value", ["1", str(10**30), "-1", "abc", "1.5", "٣"])
def test_no_filter_value_is_a_server_error(world, director, value):
    _people(world, 1)
    for url, name in (("/api/v1/sorties/", "person"), ("/api/v1/personnes/", "structure")):
        answer = director.get(url, {name: value})
        assert answer.status_code in (200, 400), (url, value, answer.content)


@pytest.mark.parametrize("segment", ["abc", "-1", "0.5", "0", str(10**30)])
def test_a_path_id_that_is_no_id_is_the_api_404(world, director, segment):
    answer = director.get(f"/api/v1/personnes/{segment}/")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "Introuvable, ou hors de votre périmètre."}
