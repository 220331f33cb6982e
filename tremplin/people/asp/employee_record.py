"""The ASP employee record (*fiche salarié*, FS): checks and JSON structure.

A fiche salarié declares to the ASP (Agence de services et de paiement) a person hired by a
SIAE under a PASS IAE: identity and birth place, address, and situation on hiring (education
level, benefits and for how long, registration with France Travail, level-2 situations).
The ASP receives batches of records as JSON (``RIAE_FS_AAAAMMJJHHMMSS.json``) and answers
with a processing code per line.

Field names, codes and shaping rules follow the serializer of gip-inclusion/les-emplois
(``itou/employee_record/serializers.py``: ``EmployeeRecordSerializer`` and its
``_PersonSerializer``, ``_AddressSerializer``, ``_SituationSerializer``,
``_SituationForEITISerializer``; birth place from ``itou/asp/utils.py::asp_birth_place``).
The code is our own, plain Python (stdlib + python-stdnum), with no Django import: the
people app maps its models onto ``EmployeeRecordInput``.

- ``EmployeeRecordInput`` (``record.py``): the plain values a record is made of.
- ``find_problems`` / ``check_employee_record`` (``checks.py``, re-exported here): every
  rule the record breaks, in French.
- ``build_employee_record``: the JSON line of one record (refuses a record with problems).
- ``build_batch``: the JSON file of up to 700 records; ``batch_filename`` its name.

See docs/asp-fiche-salarie.md for each field and its source.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

from stdnum.fr import siret as stdnum_siret

from .checks import check_employee_record, find_problems
from .record import (
    EmployeeRecordError,
    EmployeeRecordInput,
    Problem,
    asp_text,
    compact_nir,
    effective_birth_country,
    is_ntt_required,
)
from .reference import (
    COUNTRIES,
    EMPLOYER_TYPE_BY_MEASURE,
    FRANCE,
    OVERSEAS_COMMUNES_AS_COUNTRIES,
    allocation_duration,
)

__all__ = [
    "MAX_RECORDS_PER_BATCH",
    "EmployeeRecordError",
    "EmployeeRecordInput",
    "Problem",
    "batch_filename",
    "build_batch",
    "build_employee_record",
    "check_employee_record",
    "department_code",
    "find_problems",
]

MOVEMENT_CREATION: Final = "C"  # typeMouvement of a new record ("M" for an update)
MAX_RECORDS_PER_BATCH: Final = 700  # ASP limit per uploaded file
ASP_DATE_FORMAT: Final = "%d/%m/%Y"
_COMPLEMENT_RE: Final = re.compile(r"[A-Za-z0-9@ ]{0,32}")  # ASP rule T030_c026_rg002
_FIRST_NAMES_MAX: Final = 30  # ASP limit on prenom


# ---------------------------------------------------------------------------------------------
# Building the JSON
# ---------------------------------------------------------------------------------------------


def build_employee_record(
    record: EmployeeRecordInput, *, line_number: int = 1, with_optional_fields: bool = False
) -> dict[str, Any]:
    """The ASP JSON line (``lignesTelechargement`` item) of one fiche salarié.

    ``with_optional_fields`` also sends the birth name, phone and e-mail, which the ASP takes
    as optional; like les-emplois, they are left out (``null``) by default (data minimisation).

    Raises ``EmployeeRecordError`` if ``find_problems`` finds anything.
    """
    problems = find_problems(record)
    if problems:
        raise EmployeeRecordError(problems)
    return {
        "numLigne": line_number,
        "typeMouvement": MOVEMENT_CREATION,
        "siret": stdnum_siret.compact(record.siret),
        "mesure": record.asp_measure,
        "personnePhysique": _person(record, with_optional_fields=with_optional_fields),
        "adresse": _address(record, with_optional_fields=with_optional_fields),
        "situationSalarie": _situation(record),
        # Filled by the ASP in its answer file
        "codeTraitement": None,
        "libelleTraitement": None,
    }


def build_batch(
    records: Sequence[EmployeeRecordInput], *, with_optional_fields: bool = False
) -> dict[str, Any]:
    """The JSON file of a batch: lines numbered from 1, at most 700 records."""
    if not records:
        raise ValueError("Un lot de fiches salarié ne peut pas être vide.")
    if len(records) > MAX_RECORDS_PER_BATCH:
        raise ValueError(
            f"Un lot ne peut contenir plus de {MAX_RECORDS_PER_BATCH} fiches salarié "
            f"({len(records)} fournies)."
        )
    return {
        "msgInformatif": None,
        "telId": None,
        "lignesTelechargement": [
            build_employee_record(
                record, line_number=number, with_optional_fields=with_optional_fields
            )
            for number, record in enumerate(records, start=1)
        ],
    }


def batch_filename(at: datetime.datetime) -> str:
    """``RIAE_FS_AAAAMMJJHHMMSS.json``, the name the ASP expects for an uploaded batch."""
    return f"RIAE_FS_{at:%Y%m%d%H%M%S}.json"


def _birth_place(record: EmployeeRecordInput) -> tuple[dict[str, str | None], str, str]:
    """(codeComInsee block, codeInseePays, codeGroupePays), as les-emplois asp_birth_place."""
    country = COUNTRIES[effective_birth_country(record)]
    place = record.birth_place_insee.strip().upper()
    abroad = {"codeComInsee": None, "codeDpt": "099"}
    if country.code != FRANCE:
        return abroad, country.asp_code, country.group
    if place in OVERSEAS_COMMUNES_AS_COUNTRIES:
        # ASP lists these communes in its country table: send the commune's "country" code.
        return abroad, place[2:], country.group
    return (
        {"codeComInsee": place, "codeDpt": department_code(place)},
        country.asp_code,
        country.group,
    )


def _person(record: EmployeeRecordInput, *, with_optional_fields: bool) -> dict[str, Any]:
    nir = compact_nir(record.nir)
    code_com_insee, country_code, country_group = _birth_place(record)
    return {
        "passIae": record.approval_number,
        "sufPassIae": None,
        "idItou": record.asp_uid,
        "civilite": "M" if record.sex == "M" else "MME",
        "nomUsage": asp_text(record.last_name),
        "nomNaissance": (asp_text(record.birth_name) or None) if with_optional_fields else None,
        "prenom": _truncate_words(asp_text(record.first_names), _FIRST_NAMES_MAX),
        "dateNaissance": asp_date(record.birth_date),
        "codeComInsee": code_com_insee,
        "codeInseePays": country_code,
        "codeGroupePays": country_group,
        "passDateDeb": asp_date(record.approval_start),
        "passDateFin": asp_date(record.approval_end),
        "salarieNIR": record.ntt if is_ntt_required(nir) else nir,
    }


def _address(record: EmployeeRecordInput, *, with_optional_fields: bool) -> dict[str, Any]:
    complement = asp_text(record.address_complement)
    if not _COMPLEMENT_RE.fullmatch(complement):
        # Like les-emplois: rather send nothing than a truncated or altered complement.
        complement = ""
    phone = re.sub(r"[\s.-]", "", record.phone)
    return {
        "adrTelephone": (phone or None) if with_optional_fields else None,
        "adrMail": (record.email or None) if with_optional_fields else None,
        "adrNumeroVoie": record.lane_number or None,
        "codeextensionvoie": record.lane_extension or None,
        "codetypevoie": record.lane_type,
        "adrLibelleVoie": asp_text(record.lane_name.replace("(", "").replace(")", "")),
        "adrCpltDistribution": complement or None,
        "codeinseecom": record.commune_insee.upper(),
        "codepostalcedex": record.postcode,
    }


def _duration(record: EmployeeRecordInput, since: datetime.date | None) -> str | None:
    if since is None:
        return None
    return allocation_duration(since, record.contract_start)


def _situation(record: EmployeeRecordInput) -> dict[str, Any]:
    employer_type = None
    if record.employed:
        employer_type = record.employer_type or EMPLOYER_TYPE_BY_MEASURE[record.asp_measure]
    unemployed_for = None if record.employed else _duration(record, record.unemployed_since)
    has_ass = record.ass_since is not None
    has_aah = record.aah_since is not None
    situation: dict[str, Any] = {
        "orienteur": record.prescriber_type,
        "niveauFormation": record.education_level,
        "salarieEnEmploi": record.employed,
        "salarieTypeEmployeur": employer_type,
        "salarieSansEmploiDepuis": unemployed_for,
        "salarieSansRessource": record.resourceless,
        "inscritPoleEmploi": bool(record.france_travail_id),
        "inscritPoleEmploiDepuis": _duration(record, record.job_seeker_since),
        "numeroIDE": record.france_travail_id or None,
        "salarieRQTH": record.rqth,
        "salarieOETH": False if record.is_eiti else record.oeth,
        "salarieAideSociale": record.rsa != "NON" or has_ass or has_aah,
        "salarieBenefRSA": record.rsa,
        "salarieBenefRSADepuis": _duration(record, record.rsa_since),
        "salarieBenefASS": has_ass,
        "salarieBenefASSDepuis": _duration(record, record.ass_since),
        "salarieBenefAAH": has_aah,
        "salarieBenefAAHDepuis": _duration(record, record.aah_since),
        # ATA no longer exists; les-emplois always sends false / null.
        "salarieBenefATA": False,
        "salarieBenefATADepuis": None,
        # EITI only (null for the other measures)
        "salarieBenefARE": None,
        "salarieBenefAREDepuis": None,
        "salarieBenefPrimeActivite": None,
        "salarieBenefPrimeActiviteDepuis": None,
        "salarieBenefCAPE": None,
        "salarieBenefCESA": None,
        "nomActeurCreationEntr": None,
        "revenuMensuelMoyenTI": None,
        "cotisationsTI": None,
        # Level-2 situations
        "salarieSortantASE": record.ase_exit,
        "salarieParentIsole": record.single_parent,
        "salarieHebergement": record.housing_issue,
        "salarieRefugie": record.refugee,
        "salarieSortantDetention": record.detention_exit,
        "salarieLangueFrancaise": record.low_french,
        "salarieMobilite": record.mobility_issue,
    }
    if record.is_eiti:
        situation.update(
            {
                "salarieBenefARE": record.are_since is not None,
                "salarieBenefAREDepuis": _duration(record, record.are_since),
                "salarieBenefPrimeActivite": record.activity_bonus_since is not None,
                "salarieBenefPrimeActiviteDepuis": _duration(record, record.activity_bonus_since),
                "salarieBenefCAPE": record.cape,
                "salarieBenefCESA": record.cesa,
                "nomActeurCreationEntr": _truncate_words(
                    asp_text(record.business_creation_actor), 100
                ),
                "revenuMensuelMoyenTI": _decimal_fr(record.mean_monthly_income),
                "cotisationsTI": record.eiti_contributions or None,
            }
        )
    return situation


def asp_date(value: datetime.date | None) -> str | None:
    return value.strftime(ASP_DATE_FORMAT) if value else None


def department_code(commune_insee: str) -> str:
    """The 3-character department code the ASP expects (``codeDpt``): "069" for 69123,
    "02A" for 2A004, "971" for 97101 (overseas: the first three characters)."""
    if commune_insee.startswith(("97", "98")):
        return commune_insee[:3]
    return f"0{commune_insee[:2]}"


def _truncate_words(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0]
    return cut or value[:limit]


def _decimal_fr(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")
