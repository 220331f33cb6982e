"""Safe files for people: control characters refused on the page, in the API and in the
import; formula-looking names stored as typed and neutralised in every export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tremplin.people.imports import people_import
from tremplin.people.models import Person

from .conftest import make_person

FORMULA = '=HYPERLINK("http://evil.test";"clic")'


def _person_post(**overrides):
    data = {
        "last_name": "Bernard",
        "first_names": "Inès",
        "sex": "F",
        "birth_date": "1988-02-03",
        "birth_country": "99100",
        "nir": "",
        "commune": "Lyon (69001)",
    }
    data.update(overrides)
    return data


def test_page_refuses_a_control_character_and_saves_nothing(world, client):
    client.force_login(world.user("conseiller"))
    response = client.post(reverse("people:person_create"), _person_post(last_name="Ber\x07nard"))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["last_name"])
    assert "caractère de contrôle invisible (U+0007, position 4) : supprimez-le" in message
    assert not Person.objects.exists()


def test_api_refuses_a_control_character_and_saves_nothing(world, client):
    client.force_login(world.user("conseiller"))
    body = {
        "structure": world.own.pk,
        "last_name": "Martin",
        "first_names": "Lé\x1ba",
        "sex": "F",
        "birth_date": "1990-05-17",
    }
    response = client.post(reverse("api:person-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert "position 3" in response.json()["first_names"][0]
    assert not Person.objects.exists()
    body["first_names"] = "Léa"
    response = client.post(reverse("api:person-list"), body, content_type="application/json")
    assert response.status_code == 201, response.json()


def test_import_refuses_a_control_character_with_its_line_and_column(world):
    source = io.BytesIO(
        "nom;prenoms;sexe;date_naissance;adresse\r\n"
        'Martin;Léa;F;17/05/1990;"1 rue\nde la Gare"\r\n'  # a line break where allowed
        "Petit;Je\x07an;M;03/02/1988;\r\n".encode()
    )
    result = people_import(actor=world.user("conseiller"), structure=world.own, source=source)
    [(line, column, message)] = result.errors
    assert (line, column) == (3, "prenoms")
    assert "caractère de contrôle invisible (U+0007, position 3)" in message
    assert not Person.objects.exists()


def test_a_formula_looking_name_is_kept_as_typed_and_neutralised_in_both_exports(world, client):
    """Accepted at input (a name is text), never run by a spreadsheet."""
    make_person(world, last_name=FORMULA, first_names="@SUM(A1:A9)")
    make_person(world, last_name="Bel\x07le", birth_date=datetime.date(1991, 1, 1))
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_export")
    body = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row}
    assert "'" + FORMULA in cells and "'@SUM(A1:A9)" in cells and FORMULA not in cells
    response = client.get(url, {"format": "xlsx"})  # a control character stored earlier
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    names = {cell.value for cell in cells}
    assert "'" + FORMULA in names and "'@SUM(A1:A9)" in names and "Bel\ufffdle" in names
    assert not [c for c in cells if c.data_type == "f"]
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))


@pytest.mark.parametrize("name", ["=1+1", "-1", "+1", "@A1", "\t=1"])
def test_csv_export_never_starts_a_text_cell_with_a_formula_sign(world, client, name):
    make_person(world, last_name="X", first_names=name)
    client.force_login(world.user("conseiller"))
    response = client.get(reverse("people:person_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    [_header, row] = csv.reader(io.StringIO(body, newline=""), delimiter=";")
    assert row[5] == "'" + name  # Prénoms, text: even « -1 » is no number
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in row)
