"""Who sees which figures, hidden how; exports, report and API."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tremplin.conftest import make_structure
from tremplin.observatory.models import Figure, Publication

YEAR = 2025


def _accompanied(structure, count, year=YEAR):
    Figure.objects.create(
        structure=structure,
        year=year,
        period="Y",
        key="accompanied",
        value=Decimal(count),
        people=count,
    )


def _more(actor, index, name, commune, kind, count):
    from tremplin.network.demo import siret_for

    structure = make_structure(
        actor=actor, name=name, siret=siret_for(9000 + index), commune=commune, kind=kind
    )
    _accompanied(structure, count)
    return structure


@pytest.fixture
def figures(world, federation_user):
    """The own delegation (Auvergne-Rhône-Alpes): three Rhône structures (the AI 12 people,
    an ACI 10, an EI 8) and an Isère EI 3; the other delegation (Bretagne): three
    structures, 20, 15 and 10. Enough structures that the structure rules (3 at least,
    none over 85 %) leave the delegations' and régions' totals shown — the fixture had
    one structure per delegation before those rules, whose figures are now all hidden."""
    isere = make_structure(
        actor=federation_user,
        name="EI de l'Isère",
        siret="55210055400021",
        commune="38185",
        kind="EI",
    )
    _accompanied(world.own, 12)
    _accompanied(isere, 3)
    _accompanied(world.other, 20)
    _accompanied(world.own, 9, year=2024)
    _more(federation_user, 1, "ACI de Lyon", "69123", "ACI", 10)
    _more(federation_user, 2, "EI de Lyon", "69123", "EI", 8)
    _more(federation_user, 3, "ACI de Rennes", "35238", "ACI", 15)
    _more(federation_user, 4, "ETTI de Rennes", "35238", "ETTI", 10)
    return isere


def _table(response, slug):
    return response.context["board"].table(slug)


def test_a_delegate_sees_the_delegation_protected(world, client, figures):
    client.force_login(world.user("delegate"))
    url = reverse("observatory:delegation", args=[world.own_delegation.pk])
    response = client.get(url, {"annee": YEAR})
    table = _table(response, "accompanied")
    by_departement = dict(zip(table.codes, (row[0] for row in table.cells), strict=True))
    assert by_departement["38"] is None  # 3 people: hidden
    reasons = dict(zip(table.codes, (row[0] for row in table.reasons), strict=True))
    assert reasons["38"] == "people"
    # The Rhône's 30 would give the Isère's 3 back from the total: one is hidden with it.
    assert by_departement["69"] is None or table.total is None
    assert reasons["69"] == "secondary" or table.total_reason == "secondary"
    assert "3" not in [str(v) for v in table.row_totals]
    headline = response.context["board"].headlines[0]
    assert headline.indicator.key == "accompanied" and headline.value == 33  # 4 structures
    page = response.content.decode()
    assert "masqué : moins de 5 personnes" in page
    assert "masqué pour protéger une autre case" in page
    # Another delegation: not theirs.
    other = reverse("observatory:delegation", args=[world.other_delegation.pk])
    assert client.get(other).status_code == 404
    assert client.get(reverse("observatory:network")).status_code == 403


def test_the_federation_sees_the_network_by_region(world, client, figures):
    client.force_login(world.user("federation"))
    response = client.get(reverse("observatory:network"), {"annee": YEAR})
    table = _table(response, "accompanied")
    cells = dict(zip(table.rows, (row[0] for row in table.cells), strict=True))
    assert cells["Auvergne-Rhône-Alpes"] == 33 and cells["Bretagne"] == 45
    assert table.total == 78
    # 2024: one structure only — hidden by the structure rule (it was shown before it).
    assert response.context["board"].evolution[2024]["accompanied"] is None
    assert response.context["board"].evolution[2024]["accompanied_reason"] == "structures"


def test_a_structure_sees_its_own_figures_as_they_are(world, client, figures):
    client.force_login(world.user("director"))
    response = client.get(reverse("observatory:structure"), {"annee": YEAR})
    assert response.context["board"].headlines[0].value == 12
    assert not response.context["board"].area.protected
    # The API answers the same, and nothing of another structure.
    api = client.get(reverse("api:observatory-structure", args=[world.own.pk]), {"annee": YEAR})
    assert api.json()["headlines"][0]["value"] == 12
    assert client.get(reverse("api:observatory-structure", args=[figures.pk])).status_code == 404


def test_the_public_sees_only_published_years(world, client, figures):
    response = client.get(reverse("observatory:public"))
    assert (
        "pas encore publié" in response.content.decode()
        or "not published" in response.content.decode()
    )
    assert client.get(reverse("api:observatory-public")).status_code == 404
    client.force_login(world.user("federation"))
    client.post(reverse("observatory:publish"), {"annee": YEAR})
    assert Publication.objects.get().year == YEAR
    client.logout()
    response = client.get(reverse("observatory:public"))
    assert response.context["years"] == [YEAR]
    assert list(response.context["board"].evolution) == [YEAR]  # 2024 is not published
    assert client.get(reverse("observatory:public"), {"annee": 2024}).context["year"] == YEAR
    body = client.get(reverse("api:observatory-public")).json()
    assert body["protected"] and list(body["evolution"]) == [str(YEAR)]
    regions = body["tables"][0]
    assert regions["total"] == 78


def test_every_table_exports_as_csv_and_xlsx_with_hidden_cells(world, client, figures):
    client.force_login(world.user("delegate"))
    url = reverse("observatory:delegation", args=[world.own_delegation.pk])
    response = client.get(url, {"annee": YEAR, "export": "accompanied", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Isère (38);masqué : moins de 5 personnes" in text
    response = client.get(url, {"annee": YEAR, "export": "accompanied", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] in ("Personnes accompagnées", "People accompanied")
    assert any(row[0] == "Isère (38)" and row[1] == "masqué : moins de 5 personnes" for row in rows)
    assert client.get(url, {"annee": YEAR, "export": "nope"}).status_code == 404


def test_annual_report_pdf(world, client, figures):
    from pypdf import PdfReader

    client.force_login(world.user("federation"))
    response = client.get(reverse("observatory:network"), {"annee": YEAR, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "2025" in text and "78" in text
    assert "Définitions" in text or "Definitions" in text


def test_the_network_by_kind_of_structure(world, client, figures):
    client.force_login(world.user("federation"))
    table = _table(client.get(reverse("observatory:network"), {"annee": YEAR}), "kinds")
    by_kind = dict(zip(table.codes, (row[0] for row in table.cells), strict=True))
    why = dict(zip(table.codes, (row[0] for row in table.reasons), strict=True))
    # AI 12 (one structure), ACI 45 (three), EI 11 (two, one of 3 people), ETTI 10 (one).
    # Before the structure rules only the EI's 3 were hidden (with the AI's 12).
    assert by_kind["AI"] is None and why["AI"] == "structures"
    assert by_kind["EI"] is None and why["EI"] == "structures"
    assert by_kind["ETTI"] is None and why["ETTI"] == "structures"
    # Three hidden kinds and the total leave their sum known, none of them: the ACI's 45
    # (three structures, 44 % the largest) is shown.
    assert by_kind["ACI"] == 45 and by_kind["EITI"] == 0 and table.total == 78
