"""The network's home-services figures on the observatory's pages, exports and API:
protected as every figure (a cell under 5 households or intervenants hidden, and said so),
French labels and numbers, in a fixed number of queries."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tremplin.common.testing import assert_query_count
from tremplin.conftest import make_structure
from tremplin.observatory.models import Figure

YEAR = 2025


def _figure(structure, key, category, value, people=None):
    Figure.objects.create(
        structure=structure,
        year=YEAR,
        period="Y",
        key=key,
        category=category,
        value=Decimal(value),
        people=value if people is None else people,
    )


def _homes(structure, *, advance=0, other=0, insertion=0, staff=0, hours=()):
    for key, category, count in (
        ("sap_households", "advance", advance),
        ("sap_households", "other", other),
        ("sap_intervenants", "insertion", insertion),
        ("sap_intervenants", "other", staff),
    ):
        if count:
            _figure(structure, key, category, count)
    for code, value, people in hours:
        _figure(structure, "sap_hours", code, value, people)


def _structures(world, federation_user, n):
    from tremplin.network.demo import siret_for

    more = [
        make_structure(
            actor=federation_user,
            name=f"EI de Lyon {i}",
            siret=siret_for(9300 + i),
            commune="69123",
            kind="EI",
        )
        for i in range(n)
    ]
    return [world.own, *more]


@pytest.fixture
def network(world, federation_user):
    """Four Rhône structures with home services (none over 85 % of any figure)."""
    own, lyon1, lyon2, lyon3 = _structures(world, federation_user, 3)
    _homes(
        own,
        advance=6,
        other=4,
        insertion=3,
        staff=1,
        hours=[("menage", "1200.5", 4), ("bricolage", 100, 3)],
    )
    _homes(
        lyon1,
        advance=5,
        other=5,
        insertion=2,
        staff=2,
        hours=[("menage", 900, 4), ("bricolage", 50, 2)],
    )
    _homes(lyon2, advance=4, other=6, insertion=3, staff=1, hours=[("bricolage", 300, 3)])
    _homes(lyon3, advance=5, other=5, insertion=2, staff=2, hours=[("menage", 800, 4)])
    return own


def _board(client, user, name="observatory:network", **kwargs):
    client.force_login(user)
    response = client.get(reverse(name, **kwargs), {"annee": YEAR})
    assert response.status_code == 200
    return response


def _headlines(board):
    return {h.indicator.key: h for h in board.homecare}


def test_the_federation_sees_the_network_home_services(world, client, network):
    response = _board(client, world.user("federation"))
    board = response.context["board"]
    h = _headlines(board)
    assert h["sap_households"].value == 40 and h["sap_hours"].value == 3350  # 3 350,5
    assert h["sap_advance"].value == Decimal("50.0")  # 20 / 40
    assert h["sap_insertion"].value == Decimal("62.5")  # 10 / 16
    table = board.table("sap")
    assert table.row_header == "Région"
    ara = table.cells[table.codes.index("84")]
    assert ara == [40, 20, 16, 10, Decimal("3350.50")]
    page = response.content.decode()
    assert "Services à domicile (Proxim'Services)" in page
    assert "Foyers servis" in page and "Intervenants en parcours d&#x27;insertion" in page
    assert "62,5" in page and "3\u202f350,5" in page  # 50.0 reads « 50 »
    hours = board.table("sap_hours")
    # Labels of the Code du travail, never codes; French numbers.
    assert hours.rows == [
        "Entretien de la maison et travaux ménagers",
        "Petits travaux de bricolage (« hommes toutes mains »)",
    ]
    assert [row[0] for row in hours.cells] == [Decimal("2900.50"), 450]


def test_a_region_of_one_structure_is_hidden_and_not_given_back(world, client, network):
    """The Breton ACI alone in its région: hidden, and the network's total minus the
    Auvergne-Rhône-Alpes row never gives it back (one of the two is hidden with it)."""
    _homes(world.other, advance=2, other=1, insertion=1, hours=[("menage", 100, 1)])
    board = _board(client, world.user("federation")).context["board"]
    table = board.table("sap")
    bretagne, ara = table.codes.index("53"), table.codes.index("84")
    for column in range(len(table.columns)):
        assert table.cells[bretagne][column] is None
        assert table.reasons[bretagne][column] in ("people", "structures")
        assert table.cells[ara][column] is None or table.column_totals[column] is None
    h = _headlines(board)
    if h["sap_advance"].value is None:
        assert h["sap_advance"].hidden_label.startswith("masqué")


@pytest.mark.parametrize(
    ("households", "shown"), [((2, 1, 1), False), ((2, 2, 1), True), ((2, 2, 2), True)]
)
def test_households_served_at_the_threshold(world, client, federation_user, households, shown):
    """4 households: hidden, and said so; 5 and 6: shown (THRESHOLD = 5)."""
    structures = _structures(world, federation_user, 2)
    for structure, count in zip(structures, households, strict=True):
        _homes(structure, other=count, staff=2, hours=[("menage", 10 * count, count)])
    response = _board(client, world.user("federation"))
    served = _headlines(response.context["board"])["sap_households"]
    if shown:
        assert served.value == sum(households) and served.reason is None
    else:
        assert served.value is None and served.reason == "people"
        assert "masqué : moins de 5 personnes" in response.content.decode()


def test_a_small_complement_hides_the_share_it_would_give_away(world, client, federation_user):
    """20 households of which 18 under the advance: the 2 others would be 20 − 18."""
    structures = _structures(world, federation_user, 3)
    for structure, (advance, other) in zip(
        structures, [(5, 1), (5, 1), (4, 0), (4, 0)], strict=True
    ):
        _homes(structure, advance=advance, other=other, insertion=2, staff=2)
    board = _board(client, world.user("federation")).context["board"]
    h = _headlines(board)
    assert h["sap_advance"].value is None and h["sap_advance"].reason
    served, advance = board.table("sap").column_totals[:2]
    assert served is None or advance is None


def test_a_delegate_sees_the_delegation_by_departement(world, client, network):
    response = _board(
        client,
        world.user("delegate"),
        "observatory:delegation",
        args=[world.own_delegation.pk],
    )
    board = response.context["board"]
    assert _headlines(board)["sap_households"].value == 40
    table = board.table("sap")
    assert table.row_header == "Département" and "69" in table.codes
    # The network's share is shown alongside, as the network's page publishes it.
    assert _headlines(board)["sap_advance"].compare == Decimal("50.0")


def test_a_structure_sees_its_own_home_services_as_they_are(world, client, network):
    board = _board(client, world.user("director"), "observatory:structure").context["board"]
    h = _headlines(board)
    assert h["sap_households"].value == 10 and h["sap_hours"].value == 1300  # 1 300,5 rounded
    assert h["sap_insertion"].value == Decimal("75.0")  # 3 of 4
    assert board.table("sap_hours").cells == [[Decimal("1200.50")], [100]]


def test_no_section_without_home_services(world, client, federation_user):
    _figure(world.own, "accompanied", "", 12)
    response = _board(client, world.user("director"), "observatory:structure")
    assert response.context["board"].homecare == []
    assert 'data-section="homecare"' not in response.content.decode()


def test_the_tables_export_as_csv_and_xlsx(world, client, network):
    client.force_login(world.user("federation"))
    url = reverse("observatory:network")
    response = client.get(url, {"annee": YEAR, "export": "sap_hours", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "Entretien de la maison et travaux ménagers;" in text and "menage" not in text
    response = client.get(url, {"annee": YEAR, "export": "sap", "format": "xlsx"})
    rows = [
        [c.value for c in row]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert rows[0][0] == "Services à la personne"
    header = rows[2]
    assert header[1:] == [
        "Foyers servis",
        "dont sous l'avance immédiate",
        "Intervenants",
        "dont en parcours d'insertion",
        "Heures",
    ]
    bretagne = next(row for row in rows if row[0] == "Bretagne")
    assert bretagne[1:] == [0, 0, 0, 0, 0]  # no home services there: nobody, shown
    ara = next(row for row in rows if row[0] == "Auvergne-Rhône-Alpes")
    assert ara[1:] == [40, 20, 16, 10, 3350.5]


def test_the_api_answers_the_same(world, client, network):
    client.force_login(world.user("federation"))
    body = client.get(reverse("api:observatory-network"), {"annee": YEAR}).json()
    homecare = {h["indicator"]: h for h in body["homecare"]}
    assert homecare["sap_households"]["value"] == 40
    assert homecare["sap_advance"]["value"] == 50.0 and homecare["sap_advance"]["unit"] == "%"
    tables = {t["table"]: t for t in body["tables"]}
    assert tables["sap_hours"]["total"] == 3350.5
    assert tables["sap_hours"]["rows"][0] == "Entretien de la maison et travaux ménagers"
    _homes(world.other, advance=2, other=1, hours=[("menage", 100, 1)])
    body = client.get(reverse("api:observatory-network"), {"annee": YEAR}).json()
    sap = next(t for t in body["tables"] if t["table"] == "sap")
    bretagne = sap["row_codes"].index("53")
    assert sap["cells"][bretagne][0] is None and sap["cells_hidden"][bretagne][0] == "people"


def test_the_network_page_in_a_fixed_number_of_queries(world, client, network):
    client.force_login(world.user("federation"))
    url = reverse("observatory:network")
    client.get(url, {"annee": YEAR})
    with assert_query_count(QUERIES):
        client.get(url, {"annee": YEAR})
    # As many with three more structures, activities and régions of home services.
    from tremplin.network.demo import siret_for

    for i, commune in enumerate(("35238", "38185", "69123")):
        structure = make_structure(
            actor=world.user("federation"),
            name=f"ACI {i}",
            siret=siret_for(9400 + i),
            commune=commune,
            kind="ACI",
        )
        _homes(structure, advance=3, other=3, hours=[("jardinage", 50, 3), ("other", 5, 2)])
    with assert_query_count(QUERIES):
        client.get(url, {"annee": YEAR})


QUERIES = 17  # session, user, scope (4); years, structures, figures, régions and départements of the year (5), of the evolution (4); publications, training hours, memberships, delegations (4)


def test_the_annual_report_has_the_home_services(world, client, network):
    from pypdf import PdfReader

    client.force_login(world.user("federation"))
    response = client.get(reverse("observatory:network"), {"annee": YEAR, "format": "pdf"})
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "Services à domicile (Proxim'Services)" in text
    assert "Foyers sous l'avance immédiate" in text and "Entretien de la maison" in text
