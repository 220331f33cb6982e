"""The ASP employee record (fiche salarié) of a person's current hiring, from our models
to the plain input of `people.asp` (which knows the ASP format and checks its rules)."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied

from tremplin.accounts.privacy import Policy
from tremplin.common.text import normalize_search

from .asp.employee_record import EmployeeRecordError, build_employee_record, find_problems
from .asp.record import EmployeeRecordInput
from .asp.reference import LANE_TYPES, MEASURE_BY_SIAE_KIND
from .models import Contract, Person

_LANE_BY_NAME = {normalize_search(label): code for code, label in LANE_TYPES.items()}
_ADDRESS = re.compile(r"^\s*(\d+)\s*(bis|ter|quater|b|t|q|c)?\s*,?\s+(.*)$", re.IGNORECASE)
_EXTENSIONS = {"bis": "B", "ter": "T", "quater": "Q", "b": "B", "t": "T", "q": "Q", "c": "C"}


def split_address(address: str) -> dict[str, str]:
    """'12 bis avenue Jean Jaurès' → number 12, extension B, lane type AV, name Jean Jaurès.

    What cannot be read stays in the lane name; the ASP checks then say what to complete."""
    result = {
        "lane_number": "",
        "lane_extension": "",
        "lane_type": "",
        "lane_name": address.strip(),
    }
    match = _ADDRESS.match(address or "")
    rest = address.strip()
    if match:
        result["lane_number"] = match.group(1)
        result["lane_extension"] = _EXTENSIONS.get((match.group(2) or "").lower(), "")
        rest = match.group(3)
    for length in (2, 1):  # "ancien chemin" before "chemin"
        head = " ".join(rest.split(" ")[:length])
        code = _LANE_BY_NAME.get(normalize_search(head))
        if code and len(rest.split(" ")) > length:
            result["lane_type"], result["lane_name"] = code, rest.split(" ", length)[length]
            return result
    result["lane_name"] = rest
    return result


def employee_record_input(person: Person, contract: Contract) -> EmployeeRecordInput:
    approval = person.approvals.filter(
        start_date__lte=contract.start_date, end_date__gte=contract.start_date
    ).first()
    address = split_address(person.address or "")
    return EmployeeRecordInput(
        siret=person.structure.siret,
        asp_measure=MEASURE_BY_SIAE_KIND.get(person.structure.kind, ""),
        approval_number=approval.number if approval else "",
        approval_start=approval.start_date if approval else contract.start_date,
        approval_end=approval.end_date if approval else contract.start_date,
        contract_start=contract.start_date,
        asp_uid=f"T{person.structure_id}P{person.pk}",
        last_name=person.last_name,
        first_names=person.first_names,
        sex=person.sex,
        birth_date=person.birth_date,
        nir=person.nir or "",
        ntt=person.ntt,
        birth_name=person.birth_name,
        birth_place_insee=person.birth_commune_id or "",
        birth_country_insee=person.birth_country,
        **address,
        postcode=person.commune.main_postcode if person.commune else "",
        commune_insee=person.commune_id or "",
        email=person.email,
        phone=person.phone,
        education_level=person.education_level,
        unemployed_since=person.job_seeker_since,
        france_travail_id=person.job_seeker_id,
        job_seeker_since=person.job_seeker_since,
        rqth=bool(person.rqth),
        rsa="OUI-NM" if person.rsa_since else "NON",
        rsa_since=person.rsa_since,
        ass_since=person.ass_since,
        aah_since=person.aah_since,
        ase_exit=person.left_child_welfare,
        single_parent=person.single_parent,
        housing_issue=person.housing in ("hosted", "homeless"),
        refugee=bool(person.refugee),
        detention_exit=bool(person.leaving_detention),
        low_french=person.french_level == "below_a1",
        mobility_issue=person.mobility_problem,
    )


# The record declares the person whole to the ASP: whoever makes it sees every field it
# reads (accounts.privacy), else it is refused.
RECORD_FIELDS = (
    "last_name",
    "first_names",
    "sex",
    "birth_date",
    "nir",
    "ntt",
    "birth_name",
    "birth_commune",
    "birth_country",
    "address",
    "commune",
    "email",
    "phone",
    "education_level",
    "job_seeker_since",
    "job_seeker_id",
    "rqth",
    "rsa_since",
    "ass_since",
    "aah_since",
    "left_child_welfare",
    "single_parent",
    "housing",
    "refugee",
    "leaving_detention",
    "french_level",
    "mobility_problem",
)


def employee_record(person: Person, *, policy: Policy) -> tuple[dict | None, list]:
    """(the record, []) or (None, the problems to fix) for the person's latest contract."""
    if not all(policy.shows(Person, name) for name in RECORD_FIELDS):
        raise PermissionDenied
    contract = person.contracts.order_by("-start_date").first()
    if contract is None:
        return None, [("contract_start", "Aucun contrat : la fiche salarié suit une embauche.")]
    record = employee_record_input(person, contract)
    problems = find_problems(record)
    if problems:
        return None, [(p.field, p.message) for p in problems]
    try:
        return build_employee_record(record), []
    except EmployeeRecordError as exc:
        return None, [(p.field, p.message) for p in exc.problems]
