"""Import people from a CSV or XLSX file into one structure: all or nothing.

`people_import(actor=…, structure=…, source=…)` reads the whole file, checks every line
and every cell in one pass, and saves nothing unless every line is right; it then creates
the files with `bulk_create` in batches inside one transaction (with their history). The
result gives the count created and every error as (line, column, message in French).

File format (what the structures receive as `data/import_exemple.csv`)
----------------------------------------------------------------------
- CSV (separator `;`, `,` or tab, guessed from the first line; UTF-8 with or without BOM,
  or Windows-1252 as Excel writes it) or XLSX (first sheet).
- Line 1 holds the column names; case, accents, spaces and hyphens do not matter
  (`Date de naissance`, `date_naissance` and `DATE-NAISSANCE` are the same column). Line
  numbers in the errors are the spreadsheet's: the header is line 1. Empty lines are skipped.
- Columns (* required). Unknown columns are refused, so that a misspelt column is not lost.

  ===========================  ===========================================================
  nom *                        usage last name
  nom_naissance                birth name
  prenoms *                    first names
  sexe *                       F or M (also « femme », « homme », H)
  date_naissance *             JJ/MM/AAAA or AAAA-MM-JJ
  nir                          social security number, 15 characters, spaces allowed;
                               the key is checked (services.persons.clean_nir)
  email, telephone, adresse    contact
  commune                      INSEE code (69123) or postcode (35000) when it names one
                               commune only; else the code and the name (« 69001 Lyon »,
                               « 01500 Ambérieu-en-Bugey »). Half the postcodes are also
                               the INSEE code of another commune (69001: Affoux).
  code_insee / code_postal     instead of `commune`: the file holds only INSEE codes, or
                               only postcodes (with the name where several communes
                               share it)
  niveau_formation             ASP code of the education level (00, 01, 10 … 70)
  rsa_depuis, ass_depuis,      dates, as date_naissance, never in the future
  aah_depuis,
  demandeur_emploi_depuis
  identifiant_france_travail   France Travail identifier
  qpv, rqth, parent_isole,     oui / non (also o/n, 1/0, vrai/faux, x); empty = non
  refugie, mobilite
  ===========================  ===========================================================

- A line is refused when it repeats another line of the file, or an existing file of the
  structure: same NIR, or same last name (accents and case aside) and birth date — the
  rule of `services.persons.person_duplicates`.

Messages are in French like the column names: the format itself is French.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from tremplin.common.text import normalize_search
from tremplin.network.models import Commune, Postcode, Structure

from . import rules
from .asp.reference import EDUCATION_LEVELS
from .models import Person
from .services.persons import clean_nir, nir_hash

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000

# Progress: (stage, rows done, rows in all); stage is "validate" then "save". "validate"'s
# total is estimated from the file (line count, or the sheet's dimension when it has one).
# "save" is called inside the import's transaction: what the callback writes through the
# same database connection is seen by others only at the commit.
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    created: int = 0
    rows: int = 0  # data lines read (empty lines aside)
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, column, message)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Bad(Exception):
    """A cell's value is wrong; the message says why, in French."""


# --- Reading the file -------------------------------------------------------------------


def _open(source: str | Path | IO[bytes]) -> bytes:
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    data = source.read()
    return data.encode() if isinstance(data, str) else data


def _csv_rows(data: bytes) -> tuple[int, Iterator[list[Any]]]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    estimate = text.count("\n") + (0 if text.endswith("\n") else 1)
    return estimate, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> tuple[int, Iterator[list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign zip: openpyxl raises many kinds
        raise _Bad("fichier XLSX illisible : enregistrez-le à nouveau depuis le tableur.") from exc
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[list[Any]]:
        try:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()

    return sheet.max_row or 0, rows()


def read_table(source: str | Path | IO[bytes]) -> tuple[int, Iterator[list[Any]]]:
    """(estimated line count, lines as lists of cells) of a CSV or XLSX file."""
    data = _open(source)
    if data[:4] == b"PK\x03\x04":  # a zip: XLSX
        return _xlsx_rows(data)
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: Excel 97-2003
        raise _Bad("le format .xls n'est pas lu : enregistrez le fichier en .xlsx ou en .csv.")
    return _csv_rows(data)


# --- Cells ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: numbers typed in a spreadsheet lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


_FR_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    if match := _FR_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise _Bad(f"date « {text} » illisible : écrivez JJ/MM/AAAA ou AAAA-MM-JJ.")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _Bad(f"la date « {text} » n'existe pas.") from None


def _past_date(value: Any) -> datetime.date | None:
    day = parse_date(value)
    if day is not None and day > datetime.date.today():
        raise _Bad(f"la date {day:%d/%m/%Y} est dans le futur.")
    return day


def _birth_date(value: Any) -> datetime.date | None:
    day = _past_date(value)
    if day is not None and day.year < 1900:
        raise _Bad(f"la date de naissance {day:%d/%m/%Y} est avant 1900.")
    return day


_TRUE = frozenset({"oui", "o", "1", "vrai", "x", "true", "yes"})
_FALSE = frozenset({"non", "n", "0", "faux", "false", "no", ""})


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize_search(_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad(f"« {_text(value)} » : répondez oui ou non.")


_SEXES = {"f": "F", "femme": "F", "m": "M", "h": "M", "homme": "M"}


def _sex(value: Any) -> str:
    text = _text(value)
    try:
        return _SEXES[normalize_search(text)]
    except KeyError:
        raise _Bad(f"sexe « {text} » inconnu : écrivez F ou M.") from None


_NIR_MESSAGES = {
    "nir_length": "un NIR a 15 caractères (13 et une clé de 2 chiffres) ; celui-ci en a {n}.",
    "nir_checksum": "la clé du NIR est fausse : vérifiez les deux derniers chiffres et ceux "
    "qui précèdent.",
    "nir_format": "ce NIR n'est pas valide : il commence par 1, 2, 3, 4, 7 ou 8 et ne "
    "contient que des chiffres (2A/2B pour la Corse).",
}


def _nir(value: Any) -> str | None:
    text = _text(value)
    try:
        return clean_nir(text) or None
    except ValidationError as exc:
        compact = re.sub(r"[\s.-]", "", text)
        raise _Bad(_NIR_MESSAGES.get(exc.code, "NIR invalide.").format(n=len(compact))) from None


def _email(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise _Bad(f"adresse e-mail « {text} » invalide.") from None
    return text


def _phone(value: Any) -> str:
    text = _text(value)
    if isinstance(value, int | float) and len(text) == 9:
        text = "0" + text  # a spreadsheet dropped the leading zero
    return text


def _education_level(value: Any) -> str:
    text = _text(value)
    if len(text) == 1 and text.isdigit():
        text = "0" + text
    if text and text not in EDUCATION_LEVELS:
        codes = ", ".join(EDUCATION_LEVELS)
        raise _Bad(f"niveau de formation « {text} » inconnu : codes ASP {codes}.")
    return text


class _Communes:
    """Commune lookup by INSEE code or postcode, optionally followed by the name; the
    tables are read on first use. Half the postcodes are also the INSEE code of another
    commune (69001: Lyon's postcode, Affoux's INSEE code): such a value is refused in the
    `commune` column unless the name follows; `code_insee` and `code_postal` columns say
    which one the file holds."""

    def __init__(self, mode: str = "either"):
        self.mode = mode  # "either", "insee" or "postcode"
        self.names: dict[str, tuple[str, str]] | None = None  # code -> (name, search name)
        self.by_postcode: dict[str, list[str]] = {}

    def _load(self) -> None:
        self.names = {
            code: (name, search_name)
            for code, name, search_name in Commune.objects.values_list(
                "code", "name", "search_name"
            )
        }
        for postcode, code in Postcode.objects.values_list("code", "commune_id"):
            self.by_postcode.setdefault(postcode, []).append(code)

    def __call__(self, value: Any) -> str | None:
        text = _text(value)
        if not text:
            return None
        if self.names is None:
            self._load()
        if len(text) == 4 and text.isdigit():  # a spreadsheet dropped the leading zero
            text = "0" + text
        match = re.match(r"^(\d[0-9AB]\d{3})\b\s*(.*)$", text.upper())
        if match is None:
            raise _Bad(f"commune « {text} » : donnez le code INSEE ou le code postal.")
        code, name = match.groups()
        found: list[str] = []
        if self.mode != "postcode" and code in self.names:
            found.append(code)
        if self.mode != "insee":
            found += [c for c in self.by_postcode.get(code, []) if c not in found]
        if name:
            wanted = normalize_search(name)
            found = [c for c in found if self.names[c][1] == wanted]
        if len(found) == 1:
            return found[0]
        what = {"insee": "code INSEE", "postcode": "code postal"}.get(self.mode)
        if not found:
            raise _Bad(f"commune « {text} » inconnue ({what or 'ni code INSEE, ni code postal'}).")
        names = ", ".join(sorted(self.names[c][0] for c in found)[:5])
        raise _Bad(
            f"« {code} » désigne {len(found)} communes ({names}{'…' if len(found) > 5 else ''}) : "
            f"écrivez le code suivi du nom (« {code} {self.names[found[0]][0]} »), ou mettez "
            "les codes INSEE dans une colonne code_insee."
        )


# --- Columns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # as written in the header (normalised)
    field: str  # Person field
    parse: Callable[[Any], Any] | None = None  # None: text; text is checked against max_length
    required: bool = False


def _columns() -> list[Column]:
    return [
        Column("nom", "last_name", required=True),
        Column("nom_naissance", "birth_name"),
        Column("prenoms", "first_names", required=True),
        Column("sexe", "sex", _sex, required=True),
        Column("date_naissance", "birth_date", _birth_date, required=True),
        Column("nir", "nir", _nir),
        Column("email", "email", _email),
        Column("telephone", "phone", _phone),
        Column("adresse", "address"),
        Column("commune", "commune_id", _Communes()),
        Column("code_insee", "commune_id", _Communes("insee")),
        Column("code_postal", "commune_id", _Communes("postcode")),
        Column("niveau_formation", "education_level", _education_level),
        Column("rsa_depuis", "rsa_since", _past_date),
        Column("ass_depuis", "ass_since", _past_date),
        Column("aah_depuis", "aah_since", _past_date),
        Column("demandeur_emploi_depuis", "job_seeker_since", _past_date),
        Column("identifiant_france_travail", "job_seeker_id"),
        Column("qpv", "qpv", _boolean),
        Column("rqth", "rqth", _boolean),
        Column("parent_isole", "single_parent", _boolean),
        Column("refugie", "refugee", _boolean),
        Column("mobilite", "mobility_problem", _boolean),
    ]


COLUMN_NAMES = [c.name for c in _columns()]
ALIASES = {
    "nom_d_usage": "nom",
    "nom_de_naissance": "nom_naissance",
    "prenom": "prenoms",
    "date_de_naissance": "date_naissance",
    "courriel": "email",
    "e_mail": "email",
    "tel": "telephone",
    "code_commune": "code_insee",
    "commune_insee": "code_insee",
    "cp": "code_postal",
    "niveau_de_formation": "niveau_formation",
    "identifiant_ft": "identifiant_france_travail",
    "parent_isolee": "parent_isole",
    "refugiee": "refugie",
    "probleme_de_mobilite": "mobilite",
}


def header_key(cell: Any) -> str:
    """'Date de naissance' -> 'date_de_naissance' -> 'date_naissance'."""
    key = normalize_search(_text(cell)).replace(" ", "_")
    return ALIASES.get(key, key)


def _max_lengths() -> dict[str, int]:
    return {
        f.attname: f.max_length
        for f in Person._meta.concrete_fields
        if getattr(f, "max_length", None) and f.get_internal_type() == "CharField"
    }


# --- The import -------------------------------------------------------------------------


def _read_header(
    cells: list[Any], columns: list[Column], errors: list
) -> list[Column | None] | None:
    by_name = {c.name: c for c in columns}
    layout: list[Column | None] = []
    seen: set[str] = set()
    for cell in cells:
        key = header_key(cell)
        if not key:
            layout.append(None)
            continue
        if key not in by_name:
            errors.append(
                (
                    1,
                    _text(cell),
                    "colonne inconnue ; colonnes possibles : " + ", ".join(COLUMN_NAMES) + ".",
                )
            )
        elif key in seen:
            errors.append((1, key, "colonne en double."))
        seen.add(key)
        layout.append(by_name.get(key))
    for column in columns:
        if column.required and column.name not in seen:
            errors.append((1, column.name, "colonne obligatoire absente."))
    communes = [name for name in ("commune", "code_insee", "code_postal") if name in seen]
    if len(communes) > 1:
        errors.append((1, communes[1], f"une seule colonne de commune ({', '.join(communes)})."))
    return None if errors else layout


def _validate(
    table: Iterator[list[Any]], estimate: int, result: ImportResult, progress: Progress | None
) -> list[tuple[int, dict[str, Any]]]:
    """Every line checked; the valid ones returned as (line, Person fields)."""
    errors = result.errors
    columns = _columns()
    try:
        header = next(table)
    except StopIteration:
        errors.append((1, "", "le fichier est vide."))
        return []
    layout = _read_header(header, columns, errors)
    if layout is None:
        return []
    max_lengths = _max_lengths()
    width = len(layout)
    seen_nir: dict[str, int] = {}
    seen_name: dict[tuple[str, datetime.date], int] = {}
    valid: list[tuple[int, dict[str, Any]]] = []
    total = max(estimate - 1, 0)
    for line, cells in enumerate(table, start=2):
        if not any(_text(c) for c in cells):
            continue
        result.rows += 1
        if progress and result.rows % PROGRESS_EVERY == 0:
            progress("validate", result.rows, max(total, result.rows))
        line_errors = len(errors)
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        elif len(cells) > width and any(_text(c) for c in cells[width:]):
            errors.append((line, "", f"{len(cells)} valeurs pour {width} colonnes."))
        fields: dict[str, Any] = {}
        for column, cell in zip(layout, cells, strict=False):
            if column is None:
                continue
            try:
                if column.required and not _text(cell):
                    raise _Bad("valeur obligatoire manquante.")
                value = _text(cell) if column.parse is None else column.parse(cell)
                limit = max_lengths.get(column.field)
                if limit and isinstance(value, str) and len(value) > limit:
                    raise _Bad(f"{len(value)} caractères, {limit} au plus.")
            except _Bad as bad:
                errors.append((line, column.name, str(bad)))
                continue
            fields[column.field] = value
        # Duplicates inside the file
        nir = fields.get("nir")
        if nir:
            fields["nir_hash"] = nir_hash(nir)
            first = seen_nir.setdefault(fields["nir_hash"], line)
            if first != line:
                errors.append((line, "nir", f"même NIR que la ligne {first}."))
        if fields.get("last_name") and fields.get("birth_date"):
            fields["search_name"] = normalize_search(fields["last_name"])
            key = (fields["search_name"], fields["birth_date"])
            first = seen_name.setdefault(key, line)
            if first != line:
                errors.append(
                    (line, "nom", f"même nom et même date de naissance que la ligne {first}.")
                )
        if len(errors) == line_errors:
            valid.append((line, fields))
    if progress:
        progress("validate", result.rows, result.rows)
    return valid


def _check_existing(actor, structure: Structure, valid: list, errors: list) -> None:
    """Lines that repeat a file the structure already holds (services.persons' rule)."""
    nirs, names = set(), set()
    for hash_, search_name, birth_date in (
        Person.objects.for_user(actor)
        .filter(structure_id=structure.pk)
        .values_list("nir_hash", "search_name", "birth_date")
        .iterator(chunk_size=5000)
    ):
        if hash_:
            nirs.add(hash_)
        names.add((search_name, birth_date))
    for line, fields in valid:
        if fields.get("nir_hash") in nirs:
            errors.append((line, "nir", "une fiche de la structure a déjà ce NIR."))
        elif (fields["search_name"], fields["birth_date"]) in names:
            errors.append(
                (line, "nom", "une fiche de la structure a déjà ce nom et cette date de naissance.")
            )


def _save(actor, structure: Structure, valid: list, progress: Progress | None) -> int:
    created = 0
    if progress:
        progress("save", 0, len(valid))
    for start in range(0, len(valid), BATCH_SIZE):
        batch = [
            Person(structure=structure, created_by=actor, **fields)
            for _line, fields in valid[start : start + BATCH_SIZE]
        ]
        Person.objects.bulk_create(batch)  # encrypted fields are encrypted here too
        Person.history.bulk_history_create(
            batch, default_user=actor, default_change_reason="Import de fichier"
        )
        created += len(batch)
        if progress:
            progress("save", created, len(valid))
    return created


def people_import(
    *,
    actor,
    structure: Structure,
    source: str | Path | IO[bytes],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the people of a CSV or XLSX file into `structure`: all lines or none.

    With `dry_run`, everything is checked and nothing saved. Raises PermissionDenied when
    the actor may not write the structure's paths."""
    rules.require_writer(actor, structure.pk)
    result = ImportResult(dry_run=dry_run)
    try:
        estimate, table = read_table(source)
        valid = _validate(table, estimate, result, progress)
    except _Bad as bad:
        result.errors.append((1, "", str(bad)))
        return result
    except csv.Error:
        line = result.rows + 2  # about: empty lines are not counted
        result.errors.append(
            (
                line,
                "",
                "fichier CSV illisible à partir d'ici : enregistrez-le "
                "à nouveau en CSV depuis le tableur.",
            )
        )
        return _sorted(result)
    if result.errors and not valid:
        return _sorted(result)
    with transaction.atomic():
        if not dry_run:
            # One import at a time per structure: the duplicate check below holds until commit.
            list(Structure.objects.select_for_update().filter(pk=structure.pk).values("pk"))
        _check_existing(actor, structure, valid, result.errors)
        if result.errors or dry_run:
            return _sorted(result)
        result.created = _save(actor, structure, valid, progress)
    return result


def _sorted(result: ImportResult) -> ImportResult:
    order = {name: index for index, name in enumerate(COLUMN_NAMES)}
    result.errors.sort(key=lambda e: (e[0], order.get(e[1], -1)))
    return result
