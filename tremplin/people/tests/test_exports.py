import csv
import datetime
import io

import pytest
from django.utils import translation

from tremplin.accounts import services as account_services
from tremplin.accounts.models import StructureRole, UserKind
from tremplin.accounts.tenancy import forget_scope
from tremplin.common.testing import assert_query_count
from tremplin.people.exports import (
    COLUMNS,
    HEADERS,
    export_csv,
    export_rows,
    exportable_structure_ids,
    write_xlsx,
)
from tremplin.people.models import ContractKind, ExitCategory, ExitReason
from tremplin.people.services import contracts, exits, persons

from .conftest import make_approval, make_person

D = datetime.date
NIR = "190057512301575"
COLUMN = {key: index for index, (key, _header) in enumerate(COLUMNS)}


def with_path(world, person, number):
    """A PASS, a CDDI and an exit that counts (85 days at 26 h a week in an AI)."""
    make_approval(world, person, D(2025, 1, 6), number=number)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    reason, _created = ExitReason.objects.get_or_create(
        code="CDI", defaults={"label": "Embauche en CDI", "category": "durable"}
    )
    exits.exit_record(
        actor=world.user("conseiller"), person=person, exit_date=D(2025, 3, 31), reason=reason
    )


@pytest.fixture
def people(world):
    martin = make_person(
        world, nir=NIR, sex="M", first_names="Paul", conseiller=world.user("conseiller")
    )
    with_path(world, martin, "999990000001")
    make_person(world, last_name="Abadie", first_names="Zoé", birth_date=D(1999, 1, 2))
    # A person of another structure, created by its own director.
    director = account_services.user_create(
        email="direction@bretagne.test", kind=UserKind.STRUCTURE_STAFF
    )
    account_services.structure_membership_add(
        user=director, structure=world.other, role=StructureRole.DIRECTOR
    )
    persons.person_create(
        actor=director,
        structure=world.other,
        last_name="Le Gall",
        first_names="Yann",
        sex="M",
        birth_date=D(1980, 1, 1),
    )
    return martin


def rows_of(actor, **kwargs):
    return list(export_rows(actor=actor, **kwargs))


def test_one_row_per_person_with_the_current_path(world, people):
    rows = rows_of(world.user("director"))
    assert [row[COLUMN["last_name"]] for row in rows] == ["Abadie", "Martin"]
    abadie, martin = rows
    assert len(martin) == len(HEADERS)
    values = dict(zip([key for key, _ in COLUMNS], martin, strict=True))
    with translation.override("fr"):
        cddi, durable = str(ContractKind.CDDI.label), str(ExitCategory.DURABLE.label)
    assert values["structure"] == "AI du Rhône" and values["id"] == people.pk
    assert values["nir"] == "1 •• •• •• ••• ••• 75" == people.masked_nir
    assert (values["pass_number"], values["pass_start"]) == ("999990000001", D(2025, 1, 6))
    assert values["pass_end"] == D(2027, 1, 5)
    assert (values["contract_kind"], values["contract_start"]) == (cddi, D(2025, 1, 6))
    assert values["contract_end"] == D(2025, 3, 31)  # ended early by the exit
    assert str(values["contract_hours"]) == "26"
    assert (values["exit_date"], values["exit_reason"]) == (D(2025, 3, 31), "Embauche en CDI")
    assert (values["exit_category"], values["exit_counted"]) == (durable, True)
    assert values["conseiller"] == "Conseiller Test"
    # A person with no path yet: empty path columns.
    assert abadie[COLUMN["pass_number"] :] == [
        "",
        None,
        None,
        "",
        None,
        None,
        None,
        None,
        "",
        "",
        None,
        "",
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("director", ["Abadie", "Martin"]),
        ("conseiller", ["Abadie", "Martin"]),
        ("planner", []),  # sees the people to plan missions, exports nothing
        ("accountant", []),
        ("employee", []),
        ("delegate", []),
        ("federation", []),
        ("auditor", []),
        ("anonymous", []),
    ],
)
def test_export_is_scoped_to_the_actors_structures(world, people, role, expected):
    rows = rows_of(world.user(role))
    assert [row[COLUMN["last_name"]] for row in rows] == expected


def test_another_structures_people_never_appear(world, people, aci):
    conseiller = world.user("conseiller")
    forget_scope(conseiller)
    assert set(exportable_structure_ids(conseiller)) == {world.own.pk, aci.pk}
    names = [row[COLUMN["last_name"]] for row in rows_of(conseiller)]
    assert "Le Gall" not in names
    # Asking for another structure gives nothing rather than its people.
    assert rows_of(conseiller, structure_ids=[world.other.pk]) == []
    assert rows_of(world.user("director"), structure_ids=[world.own.pk]) != []


def test_csv_for_french_spreadsheets(world, people):
    data = b"".join(export_csv(actor=world.user("director")))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert NIR not in text
    header, abadie, martin = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == HEADERS
    assert martin[COLUMN["birth_date"]] == "17/05/1990"
    assert martin[COLUMN["exit_counted"]] == "oui" and martin[COLUMN["qpv"]] == "non"
    assert martin[COLUMN["contract_hours"]] == "26"
    assert abadie[COLUMN["pass_start"]] == "" and abadie[COLUMN["exit_counted"]] == ""


def test_xlsx_with_real_dates(world, people):
    from openpyxl import load_workbook

    out = io.BytesIO()
    assert write_xlsx(out, actor=world.user("director")) == 2
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    header, _abadie, martin = list(sheet.iter_rows())
    assert [cell.value for cell in header] == HEADERS
    birth = martin[COLUMN["birth_date"]]
    assert birth.value == datetime.datetime(1990, 5, 17) and birth.number_format == "DD/MM/YYYY"
    assert martin[COLUMN["exit_counted"]].value == "oui"
    assert martin[COLUMN["contract_hours"]].value == 26


def test_query_count_does_not_grow_with_rows(world, people):
    """Two for the actor's scope, one for the rows: whatever the number of people and paths."""
    director = world.user("director")
    forget_scope(director)
    with assert_query_count(3):
        assert len(rows_of(director)) == 2
    for index in range(3):
        person = make_person(world, last_name=f"Nouveau{index}", nir="")
        with_path(world, person, f"99999000010{index}")
    forget_scope(director)
    with assert_query_count(3):
        assert len(rows_of(director)) == 5
    forget_scope(director)
    with assert_query_count(3):
        write_xlsx(io.BytesIO(), actor=director)
