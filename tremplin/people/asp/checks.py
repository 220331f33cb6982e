"""The rules of the ASP employee record (*fiche salarié*): every one a record can break,
each with a French message naming the field.

Sources: the ASP constraints les-emplois enforces (``itou/users/models.py``
``JobSeekerProfile`` errors and validators, ``itou/utils/validators.py``,
``itou/employee_record/models.py``) and the "iff" rules of the ASP JSON (a duration iff the
benefit, an employer type iff employed, a France Travail date iff an identifier). See
docs/asp-fiche-salarie.md for the list.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from stdnum import exceptions as stdnum_errors
from stdnum.fr import nir as stdnum_nir
from stdnum.fr import siret as stdnum_siret

from .record import (
    EmployeeRecordInput,
    Problem,
    asp_text,
    compact_nir,
    effective_birth_country,
    is_ntt_required,
)
from .reference import (
    ASP_MEASURES,
    EDUCATION_LEVELS,
    EMPLOYER_TYPES,
    FRANCE,
    LANE_EXTENSIONS,
    LANE_TYPES,
    OVERSEAS_COMMUNES_AS_COUNTRIES,
    PRESCRIBER_TYPES,
    RSA_VALUES,
    AspValidationError,
    validate_birth_country,
)

MIN_AGE: Final = 16  # at the hiring date (les-emplois validate_birthdate)

_NIR_FIRST_DIGITS: Final = frozenset("123478")  # DESIGN.md: 1, 2 (NIR), 3, 4, 7, 8 (NIA)
# les-emplois constraint employee_record_ntt_regex (40 characters at most)
_NTT_RE: Final = re.compile(r"[12][0-9]{9}[0-9A-Za-z]{1,30}")
_APPROVAL_RE: Final = re.compile(r"[0-9]{12}")  # 99999 + 7 digits, or a 12-digit agreement
_ASP_UID_RE: Final = re.compile(r"[0-9A-Za-z]{1,30}")
_COMMUNE_RE: Final = re.compile(r"(?:[0-9]{2}|2[AB])[0-9]{3}")
_POSTCODE_RE: Final = re.compile(r"[0-9]{5}")
_LANE_NUMBER_RE: Final = re.compile(r"[0-9]{1,5}")
_NAME_RE: Final = re.compile(r"[A-Z](?:[A-Z '-]*[A-Z])?")
_ACTOR_RE: Final = re.compile(r"[A-Za-z -]{1,100}")  # les-emplois actor_met_for_business_creation
_EMAIL_RE: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_RE: Final = re.compile(r"(?:0[1-9][0-9]{8}|\+[1-9][0-9]{7,14})")


def find_problems(record: EmployeeRecordInput) -> list[Problem]:
    """Every rule of the fiche salarié that ``record`` breaks (empty list: ready to send)."""
    problems: list[Problem] = []
    for check in _CHECKS:
        problems.extend(check(record))
    return problems


def check_employee_record(record: EmployeeRecordInput) -> list[str]:
    """The French messages of ``find_problems``, one per broken rule."""
    return [problem.message for problem in find_problems(record)]


def _check_structure(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.siret:
        yield Problem("siret", "Le SIRET de la structure est obligatoire.")
    else:
        try:
            stdnum_siret.validate(record.siret)
        except stdnum_errors.ValidationError:
            yield Problem(
                "siret",
                f"Le SIRET « {record.siret} » n'est pas valide "
                "(14 chiffres et une clé de contrôle correcte).",
            )
    if record.asp_measure not in ASP_MEASURES:
        yield Problem(
            "asp_measure",
            f"La mesure ASP « {record.asp_measure} » est inconnue : "
            f"attendu l'une de {', '.join(ASP_MEASURES)}.",
        )


def _check_approval(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.approval_number:
        yield Problem("approval_number", "Le numéro de PASS IAE est obligatoire.")
    elif not _APPROVAL_RE.fullmatch(record.approval_number):
        yield Problem(
            "approval_number",
            f"Le numéro de PASS IAE « {record.approval_number} » doit comporter 12 chiffres.",
        )
    if not record.approval_start or not record.approval_end:
        yield Problem(
            "approval_start", "Les dates de début et de fin du PASS IAE sont obligatoires."
        )
        return
    if record.approval_end < record.approval_start:
        yield Problem(
            "approval_end", "La date de fin du PASS IAE est antérieure à sa date de début."
        )
    if not record.contract_start:
        yield Problem("contract_start", "La date d'embauche est obligatoire.")
    elif not record.approval_start <= record.contract_start <= record.approval_end:
        yield Problem(
            "contract_start",
            "La date d'embauche doit être comprise dans la période de validité du PASS IAE.",
        )


def _check_identity(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.asp_uid:
        yield Problem("asp_uid", "L'identifiant de la personne (idItou) est obligatoire.")
    elif not _ASP_UID_RE.fullmatch(record.asp_uid):
        yield Problem(
            "asp_uid",
            "L'identifiant de la personne (idItou) doit comporter de 1 à 30 lettres ou chiffres.",
        )
    if record.sex not in ("F", "M"):
        yield Problem("sex", "La civilité (sexe F ou M) est obligatoire.")
    for field, label in (("last_name", "Le nom de famille"), ("first_names", "Le prénom")):
        value = getattr(record, field)
        if not (value or "").strip():
            yield Problem(field, f"{label} est obligatoire.")
        elif not _NAME_RE.fullmatch(asp_text(value)):
            yield Problem(
                field,
                f"{label} ne peut contenir que des lettres, des espaces, "
                "des tirets et des apostrophes.",
            )
    if record.birth_name.strip() and not _NAME_RE.fullmatch(asp_text(record.birth_name)):
        yield Problem(
            "birth_name",
            "Le nom de naissance ne peut contenir que des lettres, des espaces, "
            "des tirets et des apostrophes.",
        )
    if not record.birth_date:
        yield Problem("birth_date", "La date de naissance est obligatoire.")
    else:
        if record.birth_date.year < 1900:
            yield Problem("birth_date", "La date de naissance doit être postérieure à 1900.")
        if record.contract_start:
            sixteenth = _add_years(record.birth_date, MIN_AGE)
            if record.contract_start < sixteenth:
                yield Problem(
                    "birth_date",
                    f"La personne doit avoir au moins {MIN_AGE} ans à la date d'embauche.",
                )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_nir(record: EmployeeRecordInput) -> Iterable[Problem]:
    nir = compact_nir(record.nir)
    if nir:
        try:
            stdnum_nir.validate(nir)
        except stdnum_errors.InvalidLength:
            yield Problem("nir", f"Le NIR doit comporter 15 caractères ({len(nir)} saisis).")
            return
        except stdnum_errors.InvalidChecksum:
            yield Problem("nir", "La clé du NIR est incorrecte : vérifiez chaque chiffre.")
            return
        except stdnum_errors.ValidationError:
            yield Problem(
                "nir",
                "Le NIR n'est pas au bon format (chiffres, 2A ou 2B pour la Corse).",
            )
            return
        if nir[0] not in _NIR_FIRST_DIGITS:
            yield Problem("nir", "Le NIR doit commencer par 1, 2, 3, 4, 7 ou 8.")
            return
        if (
            nir[0] in "12"
            and record.sex in ("F", "M")
            and nir[0] != {"M": "1", "F": "2"}[record.sex]
        ):
            yield Problem("nir", "La civilité renseignée ne correspond pas au NIR.")
        if nir[0] in "12" and record.birth_date:
            year, month = nir[1:3], nir[3:5]
            inconsistent = year != record.birth_date.strftime("%y")
            if 1 <= int(month) <= 12:  # other values (20-42, 50-99): month unknown
                inconsistent = inconsistent or int(month) != record.birth_date.month
            if inconsistent:
                yield Problem("nir", "La date de naissance renseignée ne correspond pas au NIR.")
    if is_ntt_required(nir) and not record.ntt:
        yield Problem(
            "ntt",
            "Le NIR est obligatoire ; à défaut (NIR absent ou numéro d'attente commençant "
            "par 7 ou 8), un numéro technique temporaire (NTT) doit être renseigné.",
        )
    if record.ntt and not _NTT_RE.fullmatch(record.ntt):
        yield Problem(
            "ntt",
            "Le NTT doit commencer par 1 ou 2, suivi de 9 chiffres puis de 1 à 30 lettres "
            "ou chiffres.",
        )


def _check_birth_place(record: EmployeeRecordInput) -> Iterable[Problem]:
    country = effective_birth_country(record)
    place = record.birth_place_insee.strip().upper()
    try:
        validate_birth_country(country)
    except AspValidationError as exc:
        yield Problem("birth_country_insee", str(exc))
        return
    if country != FRANCE:
        if place:
            yield Problem(
                "birth_place_insee",
                "Il n'est pas possible de saisir une commune de naissance hors de France.",
            )
        return
    if not place:
        yield Problem(
            "birth_place_insee",
            "Si le pays de naissance est la France, la commune de naissance est obligatoire.",
        )
    elif not _COMMUNE_RE.fullmatch(place) or place.startswith("99"):
        yield Problem(
            "birth_place_insee",
            f"Le code INSEE de la commune de naissance « {place} » doit comporter 5 caractères "
            "(par exemple 69123, ou 2A004 en Corse).",
        )
    elif place.startswith("98") and place not in OVERSEAS_COMMUNES_AS_COUNTRIES:
        yield Problem(
            "birth_place_insee",
            f"La commune de naissance « {place} » est inconnue du référentiel ASP.",
        )


def _check_address(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.lane_type:
        yield Problem("lane_type", "Le type de voie est obligatoire.")
    elif record.lane_type not in LANE_TYPES:
        yield Problem(
            "lane_type", f"Le type de voie « {record.lane_type} » est inconnu du référentiel ASP."
        )
    if not record.lane_name.strip():
        yield Problem("lane_name", "Le nom de voie est obligatoire.")
    if record.lane_number and not _LANE_NUMBER_RE.fullmatch(record.lane_number):
        yield Problem(
            "lane_number", "Le numéro de voie ne peut contenir que des chiffres (5 au plus)."
        )
    if record.lane_extension and record.lane_extension not in LANE_EXTENSIONS:
        yield Problem(
            "lane_extension",
            "L'extension du numéro de voie doit être B (bis), T (ter), Q (quater) ou C (quinquies).",
        )
    if not record.postcode:
        yield Problem("postcode", "Le code postal est obligatoire.")
    elif not _POSTCODE_RE.fullmatch(record.postcode):
        yield Problem("postcode", "Le code postal doit être composé de 5 chiffres.")
    if not record.commune_insee:
        yield Problem("commune_insee", "La commune INSEE de l'adresse est obligatoire.")
    elif not _COMMUNE_RE.fullmatch(record.commune_insee.upper()):
        yield Problem(
            "commune_insee",
            f"Le code INSEE de la commune « {record.commune_insee} » doit comporter 5 caractères.",
        )
    if record.email and not _EMAIL_RE.fullmatch(record.email):
        yield Problem("email", f"L'adresse électronique « {record.email} » n'est pas valide.")
    if record.phone and not _PHONE_RE.fullmatch(re.sub(r"[\s.-]", "", record.phone)):
        yield Problem(
            "phone",
            "Le numéro de téléphone doit comporter 10 chiffres (ou commencer par + et l'indicatif).",
        )


def _check_since(record: EmployeeRecordInput, field: str, label: str) -> Iterable[Problem]:
    since = getattr(record, field)
    if since and record.contract_start and since > record.contract_start:
        yield Problem(field, f"La date « {label} » ne peut pas être postérieure à l'embauche.")


def _check_situation(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.education_level:
        yield Problem("education_level", "Le niveau de formation est obligatoire.")
    elif record.education_level not in EDUCATION_LEVELS:
        yield Problem(
            "education_level",
            f"Le niveau de formation « {record.education_level} » est inconnu du référentiel ASP.",
        )
    if record.prescriber_type not in PRESCRIBER_TYPES:
        yield Problem(
            "prescriber_type",
            f"Le type d'orienteur « {record.prescriber_type} » est inconnu du référentiel ASP.",
        )

    # Employment: salarieTypeEmployeur iff employed, salarieSansEmploiDepuis iff not.
    if record.employed and record.unemployed_since:
        yield Problem(
            "unemployed_since",
            "La personne ne peut avoir de période sans emploi si elle est actuellement employée.",
        )
    if not record.employed and not record.unemployed_since:
        yield Problem(
            "unemployed_since",
            "La date depuis laquelle la personne est sans emploi est obligatoire "
            "si elle n'est pas en emploi.",
        )
    if record.employer_type:
        if not record.employed:
            yield Problem(
                "employer_type",
                "Le type d'employeur ne se renseigne que si la personne est en emploi.",
            )
        elif record.employer_type not in EMPLOYER_TYPES:
            yield Problem(
                "employer_type",
                f"Le type d'employeur « {record.employer_type} » est inconnu du référentiel ASP.",
            )
    if record.employed and record.resourceless:
        yield Problem(
            "resourceless",
            "Une personne en emploi ne peut pas être déclarée sans ressources.",
        )

    # France Travail: identifier and registration date go together.
    if bool(record.france_travail_id) != bool(record.job_seeker_since):
        yield Problem(
            "france_travail_id",
            "L'identifiant et la date d'inscription à France Travail vont de pair.",
        )
    if record.france_travail_id and not _is_france_travail_id(record.france_travail_id):
        yield Problem(
            "france_travail_id",
            "L'identifiant France Travail doit comporter 8 caractères (7 chiffres suivis d'une "
            "lettre ou d'un chiffre) ou 11 chiffres.",
        )

    # RSA: three values; a date iff a beneficiary.
    if record.rsa not in RSA_VALUES:
        yield Problem("rsa", f"La valeur RSA « {record.rsa} » est inconnue : NON, OUI-M ou OUI-NM.")
    elif record.rsa != "NON" and not record.rsa_since:
        yield Problem(
            "rsa_since", "La date d'entrée au RSA est obligatoire pour un bénéficiaire du RSA."
        )
    elif record.rsa == "NON" and record.rsa_since:
        yield Problem(
            "rsa_since",
            "Une date d'entrée au RSA est renseignée alors que la personne n'en bénéficie pas.",
        )

    for field, label in (
        ("unemployed_since", "sans emploi depuis"),
        ("job_seeker_since", "inscrit à France Travail depuis"),
        ("rsa_since", "bénéficiaire du RSA depuis"),
        ("ass_since", "bénéficiaire de l'ASS depuis"),
        ("aah_since", "bénéficiaire de l'AAH depuis"),
        ("are_since", "bénéficiaire de l'ARE depuis"),
        ("activity_bonus_since", "bénéficiaire de la prime d'activité depuis"),
    ):
        yield from _check_since(record, field, label)


def _is_france_travail_id(value: str) -> bool:
    if not value.isascii():
        return False
    old_format = len(value) == 8 and value[:7].isdigit() and value[7:].isalnum()
    new_format = len(value) == 11 and value.isdigit()
    return old_format or new_format


def _check_eiti(record: EmployeeRecordInput) -> Iterable[Problem]:
    if not record.is_eiti:
        return
    if record.mean_monthly_income is None:
        yield Problem(
            "mean_monthly_income",
            "Le revenu net mensuel moyen avant le parcours est obligatoire pour une EITI.",
        )
    elif record.mean_monthly_income < 0 or record.mean_monthly_income >= Decimal("100000"):
        yield Problem(
            "mean_monthly_income",
            "Le revenu net mensuel moyen doit être compris entre 0 et 99 999,99 €.",
        )
    if not record.business_creation_actor.strip():
        yield Problem(
            "business_creation_actor",
            "Le nom de l'acteur de la création d'entreprise rencontré est obligatoire pour une "
            "EITI.",
        )
    elif not _ACTOR_RE.fullmatch(asp_text(record.business_creation_actor)):
        yield Problem(
            "business_creation_actor",
            "Le nom de l'acteur de la création d'entreprise ne peut contenir que des lettres, "
            "des espaces et des tirets (100 caractères au plus).",
        )


_CHECKS: Final = (
    _check_structure,
    _check_approval,
    _check_identity,
    _check_nir,
    _check_birth_place,
    _check_address,
    _check_situation,
    _check_eiti,
)
