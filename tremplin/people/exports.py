"""Export the people and their paths, one row per person, as CSV or XLSX.

Only people the actor may see (`Person.objects.for_user`) of the structures where
`rules.can_export` says yes, optionally narrowed to some structures. One SQL query, whatever
the number of rows: the current PASS IAE, contract and last exit of each person come from
correlated subqueries (one per table, the columns packed as JSON), and rows are streamed
from the database (`iterator`). CSV is French-spreadsheet style: UTF-8 with BOM, `;`,
dates JJ/MM/AAAA, decimal comma. Both are written by tremplin.common.spreadsheets (XLSX in
openpyxl's write-only mode), which neutralises text that a spreadsheet would run.

"Current" PASS and contract: the one that started last (the running one, or the last one
if none runs). Exit: the last one. The NIR is only given masked; leaving detention (data
about offences, GDPR art. 10) is not exported.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import translation

from tremplin.accounts.privacy import policy_for
from tremplin.accounts.tenancy import scope_of
from tremplin.common import spreadsheets

from . import rules
from .asp.reference import EDUCATION_LEVELS
from .models import (
    Approval,
    Contract,
    ContractKind,
    Exit,
    ExitCategory,
    FrenchLevel,
    Housing,
    Person,
)

# (key, French header), in the order of the columns.
COLUMNS: list[tuple[str, str]] = [
    ("structure", "Structure"),
    ("siret", "SIRET"),
    ("id", "N° de dossier"),
    ("last_name", "Nom"),
    ("birth_name", "Nom de naissance"),
    ("first_names", "Prénoms"),
    ("sex", "Sexe"),
    ("birth_date", "Date de naissance"),
    ("nir", "NIR (masqué)"),
    ("commune_code", "Code INSEE commune"),
    ("commune", "Commune"),
    ("education_level", "Niveau de formation (code ASP)"),
    ("education_label", "Niveau de formation"),
    ("rsa_since", "RSA depuis"),
    ("ass_since", "ASS depuis"),
    ("aah_since", "AAH depuis"),
    ("job_seeker_since", "Demandeur d'emploi depuis"),
    ("qpv", "QPV"),
    ("zrr", "ZRR/ZFRR"),
    ("rqth", "RQTH"),
    ("single_parent", "Parent isolé"),
    ("housing", "Hébergement"),
    ("refugee", "Réfugié ou demandeur d'asile"),
    ("left_child_welfare", "Sortie de l'ASE"),
    ("french_level", "Niveau de français"),
    ("mobility_problem", "Problème de mobilité"),
    ("pass_number", "PASS IAE n°"),
    ("pass_start", "PASS IAE début"),
    ("pass_end", "PASS IAE fin"),
    ("contract_kind", "Contrat"),
    ("contract_start", "Contrat début"),
    ("contract_end", "Contrat fin prévue"),
    ("contract_hours", "Contrat heures par semaine"),
    ("exit_date", "Sortie le"),
    ("exit_reason", "Motif de sortie"),
    ("exit_category", "Catégorie de sortie"),
    ("exit_counted", "Sortie comptabilisée"),
    ("conseiller", "Référent"),
]
HEADERS = [header for _key, header in COLUMNS]

# The field each column reads, for the policy (accounts.privacy): a column shows only if
# the actor may see its field in every structure exported.
_COLUMN_FIELDS: dict[str, tuple[type, str]] = {
    **{
        key: (Person, key)
        for key in (
            "id",
            "structure",
            "last_name",
            "birth_name",
            "first_names",
            "sex",
            "birth_date",
            "nir",
            "education_level",
            "rsa_since",
            "ass_since",
            "aah_since",
            "job_seeker_since",
            "qpv",
            "zrr",
            "rqth",
            "single_parent",
            "housing",
            "refugee",
            "left_child_welfare",
            "french_level",
            "mobility_problem",
            "conseiller",
        )
    },
    "siret": (Person, "structure"),
    "commune_code": (Person, "commune"),
    "commune": (Person, "commune"),
    "education_label": (Person, "education_level"),
    "pass_number": (Approval, "number"),
    "pass_start": (Approval, "start_date"),
    "pass_end": (Approval, "end_date"),
    "contract_kind": (Contract, "kind"),
    "contract_start": (Contract, "start_date"),
    "contract_end": (Contract, "planned_end_date"),
    "contract_hours": (Contract, "weekly_hours"),
    "exit_date": (Exit, "exit_date"),
    "exit_reason": (Exit, "reason"),
    "exit_category": (Exit, "category"),
    "exit_counted": (Exit, "counted"),
}


def export_columns(*, actor, structure_ids: Iterable[int] | None = None) -> list[int]:
    """The indexes of the columns the actor may see in every exported structure."""
    policies = [policy_for(actor, sid) for sid in exportable_structure_ids(actor, structure_ids)]
    return [
        index
        for index, (key, _header) in enumerate(COLUMNS)
        if all(policy.shows(*_COLUMN_FIELDS[key]) for policy in policies)
    ]


def export_headers(*, actor, structure_ids: Iterable[int] | None = None) -> list[str]:
    return [HEADERS[i] for i in export_columns(actor=actor, structure_ids=structure_ids)]


# Read straight from the person row (values_list), in this order.
_PERSON_VALUES = [
    "pk",
    "structure__name",
    "structure__siret",
    "last_name",
    "birth_name",
    "first_names",
    "sex",
    "birth_date",
    "nir",
    "commune_id",
    "commune__name",
    "education_level",
    "rsa_since",
    "ass_since",
    "aah_since",
    "job_seeker_since",
    "qpv",
    "zrr",
    "rqth",
    "single_parent",
    "housing",
    "refugee",
    "left_child_welfare",
    "french_level",
    "mobility_problem",
    "conseiller__first_name",
    "conseiller__last_name",
    "conseiller__email",
    "current_pass",
    "current_contract",
    "last_exit",
]


def exportable_structure_ids(actor, structure_ids: Iterable[int] | None = None) -> list[int]:
    """The structures whose people the actor may export (among `structure_ids` if given)."""
    wanted = None if structure_ids is None else set(structure_ids)
    return sorted(
        sid
        for sid, _role in scope_of(actor).roles
        if (wanted is None or sid in wanted) and rules.can_export(actor, sid)
    )


def _latest(model, order: list[str], **columns: str) -> Subquery:
    """The first row of `model` for the outer person, its `columns` packed in one JSON
    object. Scoped by the outer person (itself from `for_user`), not filtered again."""
    packed = (
        model.objects.filter(person=OuterRef("pk"))
        .order_by(*order)
        .values(data=JSONObject(**{key: F(path) for key, path in columns.items()}))[:1]
    )
    return Subquery(packed, output_field=JSONField())


def person_export_queryset(*, actor, structure_ids: Iterable[int] | None = None):
    """The rows of the export, as tuples in `_PERSON_VALUES` order, ordered by structure and
    name."""
    allowed = exportable_structure_ids(actor, structure_ids)
    return (
        Person.objects.for_user(actor)
        .filter(structure_id__in=allowed)
        .annotate(
            current_pass=_latest(
                Approval,
                ["-start_date", "-pk"],
                number="number",
                start="start_date",
                end="end_date",
            ),
            current_contract=_latest(
                Contract,
                ["-start_date", "-pk"],
                kind="kind",
                start="start_date",
                end="planned_end_date",
                early_end="early_end_date",
                hours="weekly_hours",
            ),
            last_exit=_latest(
                Exit,
                ["-exit_date", "-pk"],
                date="exit_date",
                reason="reason__label",
                category="reason__category",
                counted="counted",
            ),
        )
        .order_by("structure__name", "structure_id", "last_name", "first_names", "pk")
        .values_list(*_PERSON_VALUES)
    )


def _masked_nir(nir: str | None) -> str:
    """As Person.masked_nir: the sex digit and the key only."""
    return f"{nir[0]} •• •• •• ••• ••• {nir[-2:]}" if nir else ""


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def export_rows(*, actor, structure_ids: Iterable[int] | None = None) -> Iterator[list[Any]]:
    """One list of Python values per person, in the order of COLUMNS (French labels)."""
    with translation.override("fr"):
        kinds, categories = _labels(ContractKind), _labels(ExitCategory)
        housings, french_levels = _labels(Housing), _labels(FrenchLevel)
    rows = person_export_queryset(actor=actor, structure_ids=structure_ids)
    keep = export_columns(actor=actor, structure_ids=structure_ids)
    for (
        pk,
        structure,
        siret,
        last_name,
        birth_name,
        first_names,
        sex,
        birth_date,
        nir,
        commune_code,
        commune,
        education_level,
        rsa_since,
        ass_since,
        aah_since,
        job_seeker_since,
        qpv,
        zrr,
        rqth,
        single_parent,
        housing,
        refugee,
        left_child_welfare,
        french_level,
        mobility_problem,
        conseiller_first,
        conseiller_last,
        conseiller_email,
        approval,
        contract,
        exit_,
    ) in rows.iterator(chunk_size=2000):
        approval, contract, exit_ = approval or {}, contract or {}, exit_ or {}
        hours = contract.get("hours")
        row = [
            structure,
            siret,
            pk,
            last_name,
            birth_name,
            first_names,
            sex,
            birth_date,
            _masked_nir(nir),
            commune_code,
            commune,
            education_level,
            EDUCATION_LEVELS.get(education_level, ""),
            rsa_since,
            ass_since,
            aah_since,
            job_seeker_since,
            qpv,
            zrr,
            bool(rqth),
            single_parent,
            housings.get(housing, ""),
            bool(refugee),
            left_child_welfare,
            french_levels.get(french_level, ""),
            mobility_problem,
            approval.get("number", ""),
            _day(approval.get("start")),
            _day(approval.get("end")),
            kinds.get(contract.get("kind"), ""),
            _day(contract.get("start")),
            _day(contract.get("early_end") or contract.get("end")),
            None if hours is None else Decimal(str(hours)).normalize(),
            _day(exit_.get("date")),
            exit_.get("reason") or "",
            categories.get(exit_.get("category"), ""),
            bool(exit_["counted"]) if exit_ else None,  # SQLite's JSON says 1 or 0
            " ".join(filter(None, (conseiller_first, conseiller_last))) or conseiller_email or "",
        ]
        yield [row[i] for i in keep]


# --- CSV and XLSX (tremplin.common.spreadsheets: typed cells, text neutralised) -----------


def export_csv(
    *, actor, structure_ids: Iterable[int] | None = None, rows_per_chunk: int = 1000
) -> Iterator[bytes]:
    """The CSV as chunks of bytes (for a StreamingHttpResponse or a file)."""
    return spreadsheets.csv_chunks(
        export_rows(actor=actor, structure_ids=structure_ids),
        header=export_headers(actor=actor, structure_ids=structure_ids),
        rows_per_chunk=rows_per_chunk,
    )


def write_csv(out: IO[bytes], *, actor, structure_ids: Iterable[int] | None = None) -> None:
    for chunk in export_csv(actor=actor, structure_ids=structure_ids):
        out.write(chunk)


def write_xlsx(out: IO[bytes], *, actor, structure_ids: Iterable[int] | None = None) -> int:
    """The workbook (one sheet, frozen header row, real dates and numbers); the row count."""
    book = spreadsheets.XlsxBook()
    sheet = book.sheet("Personnes")
    sheet.freeze("A2")
    headers = export_headers(actor=actor, structure_ids=structure_ids)
    sheet.widths([max(12, len(header) + 2) for header in headers])
    sheet.append(headers, bold=True)
    for row in export_rows(actor=actor, structure_ids=structure_ids):
        sheet.append(row)
    book.save(out)
    return sheet.rows - 1
