"""Import people from a CSV or XLSX file into one structure: all or nothing.

`people_import(actor=…, structure=…, source=…)` checks every line and every cell in a first
pass over the file, and saves nothing unless every line is right; a second pass then creates
the files with `bulk_create` in batches inside one transaction (with their history), checking
again under the structure's lock. The file is streamed: memory stays bounded whatever its
size (only the keys that find duplicates are kept, not the lines). Limits, from the
settings: IMPORT_MAX_BYTES (20 Mo) and IMPORT_MAX_ROWS (100 000 lines). The result gives
the count created and every error as (line, column, message in French).

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

- A cell holding an invisible control character is refused (tremplin.common.validators);
  line breaks only in `adresse` and `competences`.
- A line is refused when it repeats another line of the file, or an existing file of the
  structure: same NIR, or same last name (accents and case aside) and birth date — the
  rule of `services.persons.person_duplicates`.

Messages are in French like the column names: the format itself is French.

The package: `reading` turns the file into lines of cells, `columns` defines the columns
and parses their cells; the import itself (header, lines, duplicates, saving) is here.
"""

from __future__ import annotations

import csv
import datetime
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import translation

from tremplin.common.text import normalize_search
from tremplin.common.validators import control_character_error
from tremplin.network.models import Structure

from .. import rules
from ..models import Person
from ..services.persons import nir_hash
from .columns import ALIASES, COLUMN_NAMES, Column, _columns, _max_lengths, header_key, parse_date
from .reading import _Bad, _text, max_rows, open_source, read_table, too_many_rows_message

# The public names of the module this package replaced.
__all__ = [
    "ALIASES",
    "BATCH_SIZE",
    "COLUMN_NAMES",
    "PROGRESS_EVERY",
    "Column",
    "ImportResult",
    "Progress",
    "header_key",
    "parse_date",
    "people_import",
    "read_table",
]

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


# More errors than this: the check stops there (the list stays small, the file is wrong).
MAX_ERRORS = 10_000


class _Existing:
    """The keys of the files the structure already holds (services.persons' rule)."""

    def __init__(self, actor, structure: Structure):
        self.nirs: set[str] = set()
        self.names: set[tuple[str, datetime.date]] = set()
        for hash_, search_name, birth_date in (
            Person.objects.for_user(actor)
            .filter(structure_id=structure.pk)
            .values_list("nir_hash", "search_name", "birth_date")
            .iterator(chunk_size=5000)
        ):
            if hash_:
                self.nirs.add(hash_)
            self.names.add((search_name, birth_date))


def _cell_value(column: Column, cell: Any, max_lengths: dict[str, int]) -> Any:
    if column.required and not _text(cell):
        raise _Bad("valeur obligatoire manquante.")
    if isinstance(cell, str):
        with translation.override("fr"):
            message = control_character_error(_text(cell), multiline=column.multiline)
        if message:
            raise _Bad(message)
    value = _text(cell) if column.parse is None else column.parse(cell)
    limit = max_lengths.get(column.field)
    if limit and isinstance(value, str) and len(value) > limit:
        raise _Bad(f"{len(value)} caractères, {limit} au plus.")
    return value


def _lines(
    handle: IO[bytes],
    existing: _Existing,
    result: ImportResult,
    progress: Progress | None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The valid lines of the file as (line, Person fields), one at a time; the errors go to
    `result.errors`. Only the keys of the duplicates check are kept between lines."""
    errors = result.errors
    columns = _columns()
    estimate, table = read_table(handle)
    try:
        header = next(table)
    except StopIteration:
        errors.append((1, "", "le fichier est vide."))
        return
    layout = _read_header(header, columns, errors)
    if layout is None:
        return
    max_lengths = _max_lengths()
    width = len(layout)
    seen_nir: dict[str, int] = {}
    seen_name: dict[tuple[str, datetime.date], int] = {}
    total = max(estimate - 1, 0)
    limit = max_rows()
    for line, cells in enumerate(table, start=2):
        if not any(_text(c) for c in cells):
            continue
        result.rows += 1
        if result.rows > limit:
            raise _Bad(too_many_rows_message())
        if len(errors) >= MAX_ERRORS:
            errors.append((line, "", "trop d'erreurs : la vérification s'arrête ici."))
            return
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
                fields[column.field] = _cell_value(column, cell, max_lengths)
            except _Bad as bad:
                errors.append((line, column.name, str(bad)))
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
        if len(errors) > line_errors:
            continue
        # Duplicates of the structure's files
        if fields.get("nir_hash") in existing.nirs:
            errors.append((line, "nir", "une fiche de la structure a déjà ce NIR."))
        elif (fields["search_name"], fields["birth_date"]) in existing.names:
            errors.append(
                (line, "nom", "une fiche de la structure a déjà ce nom et cette date de naissance.")
            )
        else:
            yield line, fields
    if progress:
        progress("validate", result.rows, result.rows)


def _save(
    actor,
    structure: Structure,
    lines: Iterator[tuple[int, dict[str, Any]]],
    total: int,
    progress: Progress | None,
) -> int:
    created = 0
    if progress:
        progress("save", 0, total)
    while chunk := list(itertools.islice(lines, BATCH_SIZE)):
        batch = [Person(structure=structure, created_by=actor, **fields) for _line, fields in chunk]
        Person.objects.bulk_create(batch)  # encrypted fields are encrypted here too
        Person.history.bulk_history_create(
            batch, default_user=actor, default_change_reason="Import de fichier"
        )
        created += len(batch)
        if progress:
            progress("save", created, total)
    return created


def _csv_error(result: ImportResult) -> None:
    line = result.rows + 2  # about: empty lines are not counted
    result.errors.append(
        (
            line,
            "",
            "fichier CSV illisible à partir d'ici : enregistrez-le "
            "à nouveau en CSV depuis le tableur.",
        )
    )


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
    the actor may not write the structure's paths. `source` is a path or a seekable binary
    file (it is read twice)."""
    rules.require_writer(actor, structure.pk)
    result = ImportResult(dry_run=dry_run)
    try:
        with open_source(source) as handle:
            # First pass: every line checked, nothing kept but the errors.
            for _line in _lines(handle, _Existing(actor, structure), result, progress):
                pass
            if result.errors or dry_run:
                return _sorted(result)
            with transaction.atomic():
                # One import at a time per structure: the duplicate check holds until commit.
                list(Structure.objects.select_for_update().filter(pk=structure.pk).values("pk"))
                again = ImportResult()
                lines = _lines(handle, _Existing(actor, structure), again, None)
                created = _save(actor, structure, lines, result.rows, progress)
                if again.errors:  # a file of the structure was written since the first pass
                    transaction.set_rollback(True)
                    result.errors = again.errors
                    return _sorted(result)
                result.created = created
    except _Bad as bad:
        result.errors.append((1, "", str(bad)))
        return _sorted(result)
    except csv.Error:
        _csv_error(result)
        return _sorted(result)
    return result


def _sorted(result: ImportResult) -> ImportResult:
    order = {name: index for index, name in enumerate(COLUMN_NAMES)}
    result.errors.sort(key=lambda e: (e[0], order.get(e[1], -1)))
    return result
