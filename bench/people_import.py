"""Import of people from a CSV file (tremplin.people.imports) against two references
measured in the same run: the naive import, one `person_create` per line (measured on a
twentieth of the rows and scaled), and, on PostgreSQL, `COPY` of the same file into a bare
temporary table (the physical limit). Also the exports of the imported rows (CSV, XLSX)
against reading the same rows bare.

The caller provides a fresh database with the territories and the reference data loaded
(see bench.__main__.fresh_database); this module creates its structures and users.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import tempfile
import time
from pathlib import Path

LAST_NAMES = (
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Müller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Nguyen",
    "Benali",
    "Diallo",
    "Traoré",
    "Haddad",
    "Hoarau",
    "Payet",
    "Kerouac",
    "Le Gall",
    "Da Silva",
)
FIRST_NAMES = {
    "F": (
        "Léa",
        "Emma",
        "Chloé",
        "Inès",
        "Fatima",
        "Aïcha",
        "Marie",
        "Sophie",
        "Julie",
        "Camille",
        "Sarah",
        "Nadia",
        "Aminata",
    ),
    "M": (
        "Lucas",
        "Hugo",
        "Karim",
        "Mohamed",
        "Thomas",
        "Nicolas",
        "Kévin",
        "Jean",
        "Paul",
        "Yann",
        "Mamadou",
        "Julien",
        "Éric",
    ),
}
HEADER = [
    "nom",
    "nom_naissance",
    "prenoms",
    "sexe",
    "date_naissance",
    "nir",
    "email",
    "telephone",
    "adresse",
    "code_insee",
    "niveau_formation",
    "rsa_depuis",
    "ass_depuis",
    "aah_depuis",
    "demandeur_emploi_depuis",
    "identifiant_france_travail",
    "qpv",
    "rqth",
    "parent_isole",
    "refugie",
    "mobilite",
]
NAIVE_SHARE = 20


def generate_rows(count: int, communes: list[str], seed: int = 7) -> list[list[str]]:
    """`count` valid, distinct people: real INSEE codes, NIRs with their key, no two with
    the same NIR or the same last name and birth date."""
    from stdnum.fr.nir import calc_check_digits

    from tremplin.common.text import normalize_search

    rng = random.Random(seed)
    nirs: set[str] = set()
    names: set[tuple[str, datetime.date]] = set()
    rows = []
    start, span = datetime.date(1960, 1, 1).toordinal(), 365 * 45
    for index in range(count):
        last = rng.choice(LAST_NAMES)
        while True:
            birth = datetime.date.fromordinal(start + rng.randrange(span))
            if (normalize_search(last), birth) not in names:
                break
        names.add((normalize_search(last), birth))
        sex = rng.choice("FM")
        first = rng.choice(FIRST_NAMES[sex])
        commune = rng.choice(communes)
        nir = ""
        if rng.random() < 0.9:
            while not nir or nir in nirs:
                base = f"{1 if sex == 'M' else 2}{birth:%y%m}{commune}{rng.randrange(1, 1000):03d}"
                nir = base + calc_check_digits(base)
            nirs.add(nir)

        def since() -> str:
            if rng.random() < 0.25:
                day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3500))
                return f"{day:%d/%m/%Y}"
            return ""

        rows.append(
            [
                last,
                rng.choice(LAST_NAMES) if sex == "F" and rng.random() < 0.3 else "",
                first,
                sex,
                f"{birth:%d/%m/%Y}" if index % 2 else birth.isoformat(),
                nir,
                f"{normalize_search(first)}.{index}@exemple.fr" if rng.random() < 0.6 else "",
                f"06 {rng.randrange(100):02d} {rng.randrange(100):02d} {rng.randrange(100):02d} "
                f"{rng.randrange(100):02d}",
                f"{rng.randrange(1, 200)} rue de la République",
                commune,
                rng.choice(["00", "01", "40", "41", "50", "51", "60", "70"]),
                since(),
                since(),
                since(),
                since(),
                f"{rng.randrange(10**7):07d}X" if rng.random() < 0.5 else "",
                *(rng.choice(["oui", "non", "non", "non"]) for _ in range(5)),
            ]
        )
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def _setup(name: str, number: int):
    from tremplin.accounts import services as accounts
    from tremplin.accounts.models import User, UserKind
    from tremplin.network import demo
    from tremplin.network import services as network
    from tremplin.network.models import Commune

    demo.ensure_reference_data()  # idempotent: delegations for the new structures
    federation = User.objects.filter(kind=UserKind.FEDERATION).first()
    if federation is None:
        federation = User.objects.create_user(
            "bench-people@tremplin.test", kind=UserKind.FEDERATION
        )
    structure = network.structure_create(
        actor=federation,
        name=name,
        siret=demo.siret_for(900_000 + number),
        kind="ACI",
        address="1 rue de la Gare",
        commune=Commune.objects.get(pk="69123"),
    )
    director = accounts.user_create(
        email=f"direction{number}@bench.test", kind=UserKind.STRUCTURE_STAFF
    )
    accounts.structure_membership_add(user=director, structure=structure, role="director")
    return structure, director


def _naive_import(path: Path, limit: int, actor, structure) -> float:
    """What one would write first: read a line, look its commune up, call the service."""
    from tremplin.network.models import Commune
    from tremplin.people.services import persons

    def day(text):
        if not text:
            return None
        fmt = "%d/%m/%Y" if "/" in text else "%Y-%m-%d"
        return datetime.datetime.strptime(text, fmt).date()

    started = time.perf_counter()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle, delimiter=";")):
            if index == limit:
                break
            persons.person_create(
                actor=actor,
                structure=structure,
                last_name=row["nom"],
                birth_name=row["nom_naissance"],
                first_names=row["prenoms"],
                sex=row["sexe"],
                birth_date=day(row["date_naissance"]),
                nir=row["nir"],
                email=row["email"],
                phone=row["telephone"],
                address=row["adresse"],
                commune=Commune.objects.get(pk=row["code_insee"]),
                education_level=row["niveau_formation"],
                rsa_since=day(row["rsa_depuis"]),
                ass_since=day(row["ass_depuis"]),
                aah_since=day(row["aah_depuis"]),
                job_seeker_since=day(row["demandeur_emploi_depuis"]),
                job_seeker_id=row["identifiant_france_travail"],
                qpv=row["qpv"] == "oui",
                rqth=row["rqth"] == "oui",
                single_parent=row["parent_isole"] == "oui",
                refugee=row["refugie"] == "oui",
                mobility_problem=row["mobilite"] == "oui",
            )
    return time.perf_counter() - started


def _copy(path: Path) -> float:
    """COPY of the file's bytes into a temporary table of text columns, no index."""
    from django.db import connection, transaction

    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    columns = ", ".join(f"{name} text" for name in HEADER)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_people_copy ({columns}) ON COMMIT DROP")
        started = time.perf_counter()
        with cursor.cursor.copy(
            "COPY bench_people_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)"
        ) as copy:
            copy.write(data)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_people_copy")
        assert cursor.fetchone()[0] == path.read_text(encoding="utf-8-sig").count("\n") - 1
    return elapsed


def bench_import(rows: int, *, with_exports: bool = True) -> None:
    from django.db import connection

    from bench.__main__ import report
    from tremplin.network.models import Commune
    from tremplin.people.imports import people_import
    from tremplin.people.models import Person

    communes = list(Commune.objects.order_by("code").values_list("code", flat=True))
    structure, director = _setup("ACI du banc d'essai", 1)
    naive_structure, naive_director = _setup("ACI naïve", 2)
    size = f"{rows} rows"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "personnes.csv"
        write_csv(path, generate_rows(rows, communes))

        naive_rows = max(rows // NAIVE_SHARE, 1)
        naive = _naive_import(path, naive_rows, naive_director, naive_structure)
        naive_scaled = naive * rows / naive_rows

        stages: dict[str, float] = {}

        def progress(stage: str, done: int, total: int) -> None:
            stages.setdefault(stage, time.perf_counter())

        started = time.perf_counter()
        result = people_import(actor=director, structure=structure, source=path, progress=progress)
        elapsed = time.perf_counter() - started
        assert result.ok and result.created == rows, result.errors[:10]
        assert Person.objects.filter(structure=structure).count() == rows
        checked = stages.get("save", time.perf_counter()) - started

        report(
            "people import (CSV, all or nothing)",
            size,
            elapsed,
            elapsed / naive_scaled,
            f"person_create per line ({naive_rows} rows in {naive * 1000:.0f} ms, "
            f"×{NAIVE_SHARE} = {naive_scaled:.1f} s)",
        )
        print(f"{'':<34} (check {checked:.1f} s, save with history {elapsed - checked:.1f} s)")
        if connection.vendor == "postgresql":
            copied = _copy(path)
            report(
                "people import (CSV, all or nothing)",
                size,
                elapsed,
                elapsed / copied,
                f"COPY into a bare temporary table ({copied * 1000:.0f} ms)",
            )
    if with_exports:
        bench_export()


def bench_export() -> None:
    """The exports of every person of bench_import's structure (people without paths yet),
    against reading the same rows bare (values_list of the person table)."""
    from bench.__main__ import report
    from tremplin.accounts.models import User
    from tremplin.people import exports
    from tremplin.people.models import Person

    director = User.objects.get(email="direction1@bench.test")
    count = Person.objects.for_user(director).count()
    started = time.perf_counter()
    for _row in (
        Person.objects.for_user(director)
        .values_list("pk", "last_name", "first_names", "birth_date", "commune_id")
        .iterator(chunk_size=2000)
    ):
        pass
    bare = time.perf_counter() - started
    for name, write in (
        ("people export (CSV)", exports.write_csv),
        ("people export (XLSX)", exports.write_xlsx),
    ):
        out = io.BytesIO()
        started = time.perf_counter()
        write(out, actor=director)
        elapsed = time.perf_counter() - started
        report(
            name,
            f"{count} rows, {len(out.getvalue()) // 1024} KiB",
            elapsed,
            elapsed / bare,
            f"reading 5 columns bare ({bare * 1000:.0f} ms)",
        )
