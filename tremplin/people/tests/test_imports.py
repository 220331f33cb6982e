import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tremplin.people.imports import COLUMN_NAMES, people_import
from tremplin.people.models import Person
from tremplin.people.services import persons

from .conftest import make_person

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "import_exemple.csv"
HEADER = "nom;prenoms;sexe;date_naissance;nir;commune;niveau_formation;rsa_depuis;qpv;email"
GOOD = [
    "Martin;Léa;F;17/05/1990;;69123;50;01/09/2023;oui;lea@exemple.fr",
    "Petit;Jean;M;1988-02-03;188026912301296;35000;70;;non;",
]
NIR_OF_PETIT = "188026912301296"


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8-sig") -> io.BytesIO:
    return io.BytesIO("\r\n".join([header, *lines]).encode(encoding))


def run(world, source, role="conseiller", **kwargs):
    return people_import(actor=world.user(role), structure=world.own, source=source, **kwargs)


def history_count() -> int:
    return Person.history.count()


# --- A good file --------------------------------------------------------------------------


def test_the_example_file_imports(world):
    result = run(world, str(EXAMPLE))
    assert result.ok, result.errors
    assert (result.created, result.rows) == (5, 5)
    assert Person.objects.filter(structure=world.own).count() == 5
    assert history_count() == 5  # each file starts its history, as with person_create
    durand = Person.objects.get(last_name="Durand")
    assert durand.nir == "285036912304579" and durand.nir_hash
    assert durand.search_name == "durand" and durand.birth_name == "Lefèvre"
    assert (durand.sex, durand.birth_date) == ("F", datetime.date(1985, 3, 12))
    assert durand.commune_id == "69123" and durand.education_level == "50"
    assert durand.rsa_since == datetime.date(2023, 9, 1) and durand.qpv and durand.single_parent
    assert durand.job_seeker_id == "1234567A" and durand.created_by == world.user("conseiller")
    # A postcode with one commune, and a shared postcode followed by the name.
    assert Person.objects.get(last_name="Moreau").commune_id == "69123"
    benali = Person.objects.get(last_name="Benali")
    assert benali.commune_id == "01004" and benali.rqth is True and benali.nir is None


def test_headers_ignore_case_accents_spaces_and_the_separator(world):
    source = csv_file(
        "Martin,Léa,f,17/05/1990",
        header="NOM,Prénoms,Sexe,Date de naissance",
        encoding="cp1252",  # Excel's "CSV (séparateur : point-virgule)" on Windows
    )
    result = run(world, source)
    assert result.ok, result.errors
    person = Person.objects.get()
    assert (person.first_names, person.sex) == ("Léa", "F")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("code_insee", "69001", "69001"),  # Affoux
        ("code_postal", "69001", "69123"),  # Lyon
        ("Code postal", "01500 ambronay", "01007"),
        ("commune", "01500 Ambérieu-en-Bugey", "01004"),
    ],
)
def test_insee_code_or_postcode_columns(world, column, value, expected):
    header = f"nom;prenoms;sexe;date_naissance;{column}"
    result = run(world, csv_file(f"Martin;Léa;F;17/05/1990;{value}", header=header))
    assert result.ok, result.errors
    assert Person.objects.get().commune_id == expected


def test_progress_is_reported_by_stage(world):
    calls = []
    result = run(world, csv_file(*GOOD), progress=lambda *args: calls.append(args))
    assert result.created == 2
    assert calls == [("validate", 2, 2), ("save", 0, 2), ("save", 2, 2)]


# --- Bad values: the line, the column, a French message, and nothing saved ------------------


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("Bernard;Léa;X;17/05/1990;;;;;;", "sexe", "sexe « X » inconnu : écrivez F ou M."),
        ("Bernard;Léa;F;1990/05/17;;;;;;", "date_naissance", "écrivez JJ/MM/AAAA ou AAAA-MM-JJ"),
        ("Bernard;Léa;F;31/02/1990;;;;;;", "date_naissance", "la date « 31/02/1990 » n'existe pas"),
        ("Bernard;Léa;F;17/05/2990;;;;;;", "date_naissance", "est dans le futur"),
        ("Bernard;Léa;F;17/05/1990;;;;hier;;", "rsa_depuis", "écrivez JJ/MM/AAAA"),
        ("Bernard;Léa;F;;;;;;;", "date_naissance", "valeur obligatoire manquante."),
        (";Léa;F;17/05/1990;;;;;;", "nom", "valeur obligatoire manquante."),
        (f"{'M' * 151};Léa;F;17/05/1990;;;;;;", "nom", "151 caractères, 150 au plus."),
        ("Bernard;Léa;F;17/05/1990;190057512301574;;;;;", "nir", "la clé du NIR est fausse"),
        ("Bernard;Léa;F;17/05/1990;19005751230157;;;;;", "nir", "celui-ci en a 14"),
        ("Bernard;Léa;F;17/05/1990;19005751230AB75;;;;;", "nir", "ce NIR n'est pas valide"),
        ("Bernard;Léa;F;17/05/1990;;99999;;;;", "commune", "« 99999 » inconnue"),
        ("Bernard;Léa;F;17/05/1990;;Lyon;;;;", "commune", "donnez le code INSEE ou le code"),
        ("Bernard;Léa;F;17/05/1990;;01500;;;;", "commune", "« 01500 » désigne 8 communes"),
        (
            "Bernard;Léa;F;17/05/1990;;69001;;;;",
            "commune",
            "« 69001 » désigne 2 communes (Affoux, Lyon) : écrivez le code suivi du nom",
        ),
        (
            "Bernard;Léa;F;17/05/1990;;69001 Paris;;;;",
            "commune",
            "commune « 69001 Paris » inconnue",
        ),
        ("Bernard;Léa;F;17/05/1990;;;99;;;", "niveau_formation", "« 99 » inconnu : codes ASP"),
        ("Bernard;Léa;F;17/05/1990;;;;;peut-être;", "qpv", "répondez oui ou non"),
        ("Bernard;Léa;F;17/05/1990;;;;;;lea@", "email", "adresse e-mail « lea@ » invalide."),
        (
            f"Bernard;Léa;F;17/05/1990;;;;;;{'a' * 64}@{('b' * 62 + '.') * 3}fr",
            "email",
            "256 caractères, 254 au plus.",
        ),
    ],
)
def test_a_bad_value_gives_its_line_column_and_reason_and_nothing_is_saved(
    world, line, column, expected
):
    before = (Person.objects.count(), history_count())
    result = run(world, csv_file(GOOD[0], "", line, GOOD[1]))  # an empty line 3 is skipped
    assert result.created == 0
    assert len(result.errors) == 1, result.errors
    (error_line, error_column, message) = result.errors[0]
    assert (error_line, error_column) == (4, column)
    assert expected in message
    assert (Person.objects.count(), history_count()) == before


def test_every_bad_cell_of_every_line_is_reported(world):
    result = run(
        world,
        csv_file("Martin;Léa;X;17/05/1990;;;;;;", GOOD[1], "Durand;Paul;M;32/01/1990;;;;;;x@"),
    )
    assert [(line, column) for line, column, _ in result.errors] == [
        (2, "sexe"),
        (4, "date_naissance"),
        (4, "email"),
    ]
    assert not Person.objects.exists()


def test_a_missing_or_unknown_column_stops_at_the_header(world):
    result = run(world, csv_file("Martin;F;17/05/1990", header="nom;sexe;date_naisance"))
    assert result.errors == [
        (1, "date_naisance", f"colonne inconnue ; colonnes possibles : {', '.join(COLUMN_NAMES)}."),
        (1, "prenoms", "colonne obligatoire absente."),
        (1, "date_naissance", "colonne obligatoire absente."),
    ]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "le fichier est vide."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "le format .xls n'est pas lu"),
        (b"PK\x03\x04 not really a zip", "fichier XLSX illisible"),
    ],
)
def test_unreadable_files(world, content, expected):
    [(line, column, message)] = run(world, io.BytesIO(content)).errors
    assert (line, column) == (1, "") and message.startswith(expected)


# --- Duplicates ---------------------------------------------------------------------------


def test_duplicates_inside_the_file(world):
    result = run(
        world,
        csv_file(
            *GOOD,
            f"Autre;Jean;M;1988-02-03;{NIR_OF_PETIT};;;;;",
            "MARTÍN;Lucie;F;17/05/1990;;;;;;",  # same normalised last name and birth date
        ),
    )
    assert result.errors == [
        (4, "nir", "même NIR que la ligne 3."),
        (5, "nom", "même nom et même date de naissance que la ligne 2."),
    ]
    assert not Person.objects.exists()


def test_duplicates_with_the_structures_files(world):
    make_person(world, last_name="Petit", birth_date=datetime.date(1970, 1, 1), nir=NIR_OF_PETIT)
    make_person(world, last_name="Martin", birth_date=datetime.date(1990, 5, 17))
    result = run(world, csv_file(*GOOD))
    assert result.errors == [
        (2, "nom", "une fiche de la structure a déjà ce nom et cette date de naissance."),
        (3, "nir", "une fiche de la structure a déjà ce NIR."),
    ]
    assert Person.objects.count() == 2


def test_the_same_person_may_have_a_file_in_another_structure(world, aci):
    persons.person_create(
        actor=world.user("conseiller"),
        structure=aci,
        last_name="Petit",
        first_names="Jean",
        sex="M",
        birth_date=datetime.date(1988, 2, 3),
        nir=NIR_OF_PETIT,
    )
    assert run(world, csv_file(*GOOD)).created == 2


# --- Dry run, XLSX, permissions -------------------------------------------------------------


def test_dry_run_checks_everything_and_saves_nothing(world):
    result = run(world, csv_file(*GOOD), dry_run=True)
    assert result.ok and result.dry_run and (result.rows, result.created) == (2, 0)
    assert not Person.objects.exists() and history_count() == 0
    bad = run(world, csv_file(*GOOD, "Martin;Léa;F;17/05/1990;;;;;;"), dry_run=True)
    assert bad.errors == [(4, "nom", "même nom et même date de naissance que la ligne 2.")]


def xlsx_file(rows: list[list]) -> io.BytesIO:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def test_xlsx_with_typed_cells(world):
    """Spreadsheets turn dates into dates and codes into numbers (losing leading zeros)."""
    source = xlsx_file(
        [
            ["Nom", "Prénoms", "Sexe", "Date de naissance", "NIR", "Commune", "Téléphone", "RQTH"],
            [
                "Petit",
                "Jean",
                "M",
                datetime.datetime(1988, 2, 3),
                188026912301296,
                1004,
                612345678,
                True,
            ],
            ["Martin", "Léa", "F", "17/05/1990", None, "69001 Lyon", "04 72 00 00 00", "non"],
        ]
    )
    result = run(world, source)
    assert result.ok, result.errors
    petit = Person.objects.get(last_name="Petit")
    assert (petit.birth_date, petit.nir, petit.commune_id) == (
        datetime.date(1988, 2, 3),
        NIR_OF_PETIT,
        "01004",
    )
    assert petit.phone == "0612345678" and petit.rqth is True


def test_xlsx_errors_carry_the_spreadsheet_line(world):
    source = xlsx_file(
        [
            ["nom", "prenoms", "sexe", "date_naissance"],
            ["Petit", "Jean", "M", datetime.date(1988, 2, 3)],
            [None, None, None, None],
            ["Martin", "Léa", "Z", datetime.date(1990, 5, 17)],
        ]
    )
    result = run(world, source)
    assert result.errors == [(4, "sexe", "sexe « Z » inconnu : écrivez F ou M.")]
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", ["planner", "accountant", "employee", "delegate", "federation"])
def test_only_directors_and_counsellors_import(world, role):
    with pytest.raises(PermissionDenied):
        run(world, csv_file(*GOOD), role=role)
    assert not Person.objects.exists()


def test_nobody_imports_into_a_structure_not_theirs(world):
    with pytest.raises(PermissionDenied):
        people_import(actor=world.user("director"), structure=world.other, source=csv_file(*GOOD))
    assert not Person.objects.exists()


# --- The management command ---------------------------------------------------------------


def command(world, path, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_people",
        str(path),
        "--structure",
        world.own.siret,
        "--as",
        "Conseiller@tremplin.test",
        *extra,
        stdout=out,
        stderr=err,
        verbosity=0,
    )
    return out.getvalue(), err.getvalue()


def test_command_imports_and_dry_runs(world):
    out, _err = command(world, EXAMPLE, "--dry-run")
    assert "les 5 ligne(s) sont correctes" in out and not Person.objects.exists()
    out, _err = command(world, EXAMPLE)
    assert "5 personne(s) importée(s) dans AI du Rhône." in out
    assert Person.objects.count() == 5


def test_command_lists_errors_and_fails(world, tmp_path):
    path = tmp_path / "personnes.csv"
    path.write_bytes(csv_file(GOOD[0], "Martin;Léa;X;17/05/1991;;;;;;").getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 erreur\\(s\\) sur 2 ligne\\(s\\) : rien n'a été"):
        call_command(
            "import_people",
            str(path),
            "--structure",
            world.own.siret,
            "--as",
            "conseiller@tremplin.test",
            stderr=err,
            verbosity=0,
        )
    assert "ligne 3, colonne sexe : sexe « X » inconnu" in err.getvalue()
    assert not Person.objects.exists()


def test_command_refuses_a_planner(world):
    with pytest.raises(CommandError, match="ne peut pas importer"):
        call_command(
            "import_people",
            str(EXAMPLE),
            "--structure",
            world.own.siret,
            "--as",
            "planner@tremplin.test",
            verbosity=0,
        )
    assert not Person.objects.exists()
