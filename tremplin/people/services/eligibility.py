from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.rules import rule

from .. import calculations, rules
from ..calculations import last_day_of_period
from ..models import Criterion, Diagnosis, DiagnosisCriterion, Person


@transaction.atomic
def diagnosis_create(
    *,
    actor,
    person: Person,
    author_kind: str,
    author_name: str,
    made_on: datetime.date,
    criteria: list[str],
    author_organisation: str = "",
    proofs: dict | None = None,
) -> Diagnosis:
    """Record a diagnosis that makes the person eligible for their structure's kind."""
    rules.require_writer(actor, person.structure_id)
    if made_on > datetime.date.today():
        raise ValidationError({"made_on": _("A diagnosis cannot be dated in the future.")})
    unknown = set(criteria) - set(Criterion.values)
    if unknown:
        raise ValidationError(
            {"criteria": _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    kind = person.structure.kind
    result = calculations.eligibility(criteria, kind, made_on)
    if not result.eligible:
        missing = result.level2_threshold - result.level2
        raise ValidationError(
            {
                "criteria": ngettext(
                    "Not eligible for an %(kind)s: one level-1 criterion, or %(threshold)s level-2 "
                    "criteria are needed (%(count)s given, %(missing)s missing).",
                    "Not eligible for an %(kind)s: one level-1 criterion, or %(threshold)s level-2 "
                    "criteria are needed (%(count)s given, %(missing)s missing).",
                    missing,
                )
                % {
                    "kind": kind,
                    "threshold": result.level2_threshold,
                    "count": result.level2,
                    "missing": missing,
                }
            },
            code="not_eligible",
        )
    diagnosis = Diagnosis(
        person=person,
        author_kind=author_kind,
        author_name=author_name,
        author_organisation=author_organisation,
        made_on=made_on,
        created_by=actor,
        expires_on=calculations.diagnosis_expires_on(author_kind, made_on),
    )
    diagnosis.full_clean()
    diagnosis.save()
    keep_until = last_day_of_period(
        made_on, months=rule("eligibility.proof_retention_months", made_on)
    )
    proofs = proofs or {}
    DiagnosisCriterion.objects.bulk_create(
        [
            DiagnosisCriterion(
                diagnosis=diagnosis,
                criterion=code,
                proof=proofs.get(code) or "",
                proof_keep_until=keep_until if proofs.get(code) else None,
            )
            for code in sorted(set(criteria))
        ]
    )
    return diagnosis


def valid_diagnosis(person: Person, on: datetime.date) -> Diagnosis | None:
    return person.diagnoses.filter(made_on__lte=on, expires_on__gte=on).order_by("-made_on").first()
