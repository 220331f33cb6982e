from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.fr import nir as stdnum_nir

from tremplin.common.dates import short_date
from tremplin.common.models import field_values
from tremplin.common.text import normalize_search
from tremplin.rules import rule

from .. import calculations, rules
from ..asp.reference import AspValidationError, validate_birth_country
from ..models import Person
from ..models.person import PERSON_FIELDS


class DuplicatePerson(ValidationError):
    """A file that may be the same person exists already; `candidates` lists them."""

    def __init__(self, candidates: list[Person]):
        self.candidates = candidates
        super().__init__(
            _(
                "A file already exists for this person (same NIR, or same name and birth date). "
                "Open it, or confirm that this is another person."
            ),
            code="duplicate",
        )


def clean_nir(value: str | None) -> str:
    """The NIR without spaces, or a ValidationError saying what is wrong in French."""
    compact = stdnum_nir.compact(value or "")
    if not compact:
        return ""
    try:
        return stdnum_nir.validate(compact)
    except stdnum_errors.InvalidLength as exc:
        raise ValidationError(
            _("A NIR has 15 characters (13 and a 2-digit key); this one has %(n)s.")
            % {"n": len(compact)},
            code="nir_length",
        ) from exc
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(
            _("This NIR's key is wrong: check the last two digits and the ones before."),
            code="nir_checksum",
        ) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValidationError(
            _(
                "This NIR is not valid: it starts with 1, 2, 3, 4, 7 or 8 and holds digits only "
                "(2A/2B for Corsica)."
            ),
            code="nir_format",
        ) from exc


def nir_hash(nir: str) -> str:
    """A keyed hash of the NIR: equal NIRs match without the NIR being readable."""
    if not nir:
        return ""
    return hmac.new(settings.NIR_HASH_KEY.encode(), nir.encode(), hashlib.sha256).hexdigest()


def person_duplicates(*, structure_id: int, nir: str, last_name: str, birth_date, exclude_pk=None):
    """Files of the same structure that may be the same person."""
    condition = Q(search_name=normalize_search(last_name), birth_date=birth_date)
    if nir:
        condition |= Q(nir_hash=nir_hash(nir))
    found = Person.objects.filter(structure_id=structure_id).filter(condition)
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return list(found[:5])


def _check_birth_country(person: Person) -> None:
    try:
        validate_birth_country(person.birth_country)
    except AspValidationError as exc:
        raise ValidationError({"birth_country": str(exc)}) from exc


def check_birth_date(birth_date) -> None:
    """A birth date that makes the person old enough to be hired today and not implausibly
    old (PERSON_MAX_AGE_YEARS): year 1 or a date in the future is a typo."""
    if birth_date is None:
        return
    today = timezone.localdate()
    earliest, latest = calculations.birth_date_bounds(today, settings.PERSON_MAX_AGE_YEARS)
    if not earliest <= birth_date <= latest:
        raise ValidationError(
            {
                "birth_date": _(
                    "The birth date must lie between %(earliest)s and %(latest)s: a person is "
                    "hired from %(min)s years old (and is at most %(max)s)."
                )
                % {
                    "earliest": short_date(earliest),
                    "latest": short_date(latest),
                    "min": rule("work.min_age", today),
                    "max": settings.PERSON_MAX_AGE_YEARS,
                }
            },
            code="birth_date_range",
        )


def _prepare(person: Person) -> None:
    person.nir = clean_nir(person.nir) or None
    person.nir_hash = nir_hash(person.nir or "")
    person.search_name = normalize_search(person.last_name)
    if person.nir and person.ntt:
        person.ntt = ""  # a real NIR replaces the temporary number


@transaction.atomic
def person_create(*, actor, structure, allow_duplicate: bool = False, **fields) -> Person:
    rules.require_writer(actor, structure.pk)
    unknown = set(fields).difference(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    check_birth_date(fields.get("birth_date"))
    person = Person(structure=structure, created_by=actor, **fields)
    person._history_user = actor  # simple-history: who made the change
    try:
        _prepare(person)
    except ValidationError as exc:
        raise ValidationError({"nir": exc.messages}) from exc
    _check_birth_country(person)
    person.full_clean(exclude=["nir_hash", "search_name"])
    if not allow_duplicate:
        candidates = person_duplicates(
            structure_id=structure.pk,
            nir=person.nir or "",
            last_name=person.last_name,
            birth_date=person.birth_date,
        )
        if candidates:
            raise DuplicatePerson(candidates)
    person.save()
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    rules.require_writer(actor, person.structure_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    person._history_user = actor
    before = field_values(person)
    if "birth_date" in fields and fields["birth_date"] != person.birth_date:
        check_birth_date(fields["birth_date"])
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"unknown person field: {name}")
        setattr(person, name, value)
    try:
        _prepare(person)
    except ValidationError as exc:
        raise ValidationError({"nir": exc.messages}) from exc
    _check_birth_country(person)
    person.full_clean(exclude=["nir_hash", "search_name"])
    if (
        person.nir
        and Person.objects.filter(structure_id=person.structure_id, nir_hash=person.nir_hash)
        .exclude(pk=person.pk)
        .exists()
    ):
        raise ValidationError({"nir": _("Another file of this structure has this NIR.")})
    if field_values(person) != before:  # a form saved unchanged records no history step
        person.save()
    return person
