"""The input of an ASP employee record (*fiche salarié*) and the helpers shared by its checks
(``checks.py``) and its JSON builder (``employee_record.py``).

Plain Python (stdlib + python-stdnum): the people app maps its models onto
``EmployeeRecordInput``; nothing here touches a database.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from stdnum.fr import nir as stdnum_nir

from .reference import FRANCE

EITI: Final = "EITI_DC"


@dataclass(frozen=True, kw_only=True)
class EmployeeRecordInput:
    """Everything a fiche salarié needs, as plain values (no model, no database).

    Dates are ``datetime.date``. "Since" dates are turned into the ASP duration codes
    (``ALLOCATION_DURATIONS``) as seen on ``contract_start``, the hiring date.
    """

    # Structure, measure, PASS IAE, hiring
    siret: str
    asp_measure: str  # "AI_DC", "ACI_DC", "EI_DC", "ETTI_DC", "EITI_DC"
    approval_number: str  # PASS IAE, 12 digits
    approval_start: datetime.date
    approval_end: datetime.date
    contract_start: datetime.date  # hiring date; reference date of every "since" duration

    # Identity
    asp_uid: str  # idItou: stable pseudonymous id of the person, 1-30 alphanumeric characters
    last_name: str  # nom d'usage
    first_names: str
    sex: str  # "F" or "M"
    birth_date: datetime.date
    nir: str = ""
    ntt: str = ""  # numéro technique temporaire, when there is no NIR (or only a NIA 7/8)
    birth_name: str = ""  # nom de naissance
    birth_place_insee: str = ""  # INSEE commune code, when born in France (DOM and COM too)
    birth_country_insee: str = ""  # INSEE country code, "99100" for France

    # Address (HEXA form: number, extension, lane type, lane name)
    lane_number: str = ""
    lane_extension: str = ""  # B, T, Q, C
    lane_type: str = ""  # ASP lane type code: RUE, AV, BD, ...
    lane_name: str = ""
    address_complement: str = ""
    postcode: str = ""
    commune_insee: str = ""
    email: str = ""
    phone: str = ""

    # Situation on hiring
    education_level: str = ""  # ASP code, see EDUCATION_LEVELS
    prescriber_type: str = "99"  # orienteur, see PRESCRIBER_TYPES
    employed: bool = False  # salarieEnEmploi
    employer_type: str = ""  # when employed; defaults to the hiring SIAE's type
    unemployed_since: datetime.date | None = None  # required when not employed
    resourceless: bool = False
    france_travail_id: str = ""  # numeroIDE
    job_seeker_since: datetime.date | None = None  # registered with France Travail since
    rqth: bool = False
    oeth: bool = False
    rsa: str = "NON"  # "NON", "OUI-M" (majoré), "OUI-NM" (non majoré)
    rsa_since: datetime.date | None = None
    ass_since: datetime.date | None = None  # ASS beneficiary since (None: not a beneficiary)
    aah_since: datetime.date | None = None  # AAH beneficiary since (None: not a beneficiary)
    ase_exit: bool = False  # sortant de l'aide sociale à l'enfance
    single_parent: bool = False
    housing_issue: bool = False  # sans hébergement ou hébergé
    refugee: bool = False  # réfugié statutaire, protégé subsidiaire ou demandeur d'asile
    detention_exit: bool = False  # sortant de détention ou personne placée sous main de justice
    low_french: bool = False  # maîtrise de la langue française inférieure au niveau A1
    mobility_issue: bool = False

    # EITI only
    are_since: datetime.date | None = None  # ARE beneficiary since
    activity_bonus_since: datetime.date | None = None  # prime d'activité since
    cape: bool = False
    cesa: bool = False
    business_creation_actor: str = ""  # acteur de la création d'entreprise rencontré
    mean_monthly_income: Decimal | None = None  # revenu net mensuel moyen avant le parcours
    eiti_contributions: str = ""  # ASP code of the contribution rate (cotisationsTI)

    @property
    def is_eiti(self) -> bool:
        return self.asp_measure == EITI


@dataclass(frozen=True)
class Problem:
    field: str  # name of the EmployeeRecordInput field at fault
    message: str  # French, for the user


class EmployeeRecordError(ValueError):
    """The record breaks ASP rules; ``problems`` says which."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.message for problem in self.problems))


_LIGATURES: Final = str.maketrans(
    {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'", "‘": "'", "´": "'"}
)


def asp_text(value: str) -> str:
    """Upper-case ASCII, as the ASP wants names: accents dropped, ligatures split."""
    decomposed = unicodedata.normalize("NFKD", (value or "").translate(_LIGATURES))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.encode("ascii", "ignore").decode("ascii")
    return " ".join(ascii_only.upper().split())


def compact_nir(nir: str) -> str:
    return stdnum_nir.compact(nir or "")


def is_ntt_required(nir: str) -> bool:
    """No NIR, or a NIA starting with 7 or 8 (not reliable): the ASP needs an NTT instead."""
    nir = compact_nir(nir)
    return not nir or nir.startswith(("7", "8"))


def effective_birth_country(record: EmployeeRecordInput) -> str:
    """The birth country code, France when only a birth commune is given."""
    if record.birth_country_insee:
        return record.birth_country_insee.strip()
    return FRANCE if record.birth_place_insee else ""
