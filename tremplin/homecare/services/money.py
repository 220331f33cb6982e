"""Households' payments: the structure's SEPA creditor details, the households' mandates,
and which payments count on the tax attestation.

Every payment is a `missions.Payment`, recorded through `missions.services.invoices`;
this module adds what home services need on top."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError as StdnumError

from tremplin.missions import rules as missions_rules
from tremplin.missions.models import PaymentMethod

from ..models import DirectDebitMandate, Household, MandateStatus, SepaCreditor

# How each payment method stands on the household's tax attestation (servicesalapersonne.
# gouv.fr, « L'attestation fiscale annuelle »): cash never gives a tax advantage; what a
# third party paid (prepaid CESU, APA or PCH paid directly, URSSAF's immediate advance) is
# deducted from what the household paid themself.
NEVER_ELIGIBLE = frozenset({PaymentMethod.CASH})
DEDUCTED = frozenset(
    {PaymentMethod.CESU_PREPAID, PaymentMethod.THIRD_PARTY, PaymentMethod.URSSAF_ADVANCE}
)


def payment_counts_on_attestation(method: str) -> bool:
    """Whether a payment by this method is paid by the household and may give them the tax
    advantage: neither cash nor a third party's payment."""
    return method not in NEVER_ELIGIBLE and method not in DEDUCTED


# RUM: at most 35 characters of the SEPA Latin set (EPC217-08), here digits, letters, dashes.
RUM_PATTERN = re.compile(r"^[A-Za-z0-9+?/:().,' -]{1,35}$")


def _clean_iban(value: str) -> str:
    try:
        return stdnum_iban.validate(value)
    except StdnumError:
        raise ValidationError(
            {"iban": _("This IBAN is not valid: check its letters and digits.")}
        ) from None


def _clean_bic(value: str, *, required: bool) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    if not value and not required:
        return ""
    try:
        return stdnum_bic.validate(value)
    except StdnumError:
        raise ValidationError(
            {"bic": _("This BIC is not valid: 8 or 11 letters and digits, e.g. BNPAFRPPXXX.")}
        ) from None


@transaction.atomic
def sepa_creditor_set(
    *, actor, structure, name: str, creditor_id: str, iban: str, bic: str
) -> SepaCreditor:
    """The structure's SEPA creditor identifier (ICS) and the account debits are paid to."""
    missions_rules.require(missions_rules.can_invoice(actor, structure.pk))
    try:
        creditor_id = at_02.validate(creditor_id)
    except StdnumError:
        raise ValidationError(
            {
                "creditor_id": _(
                    "This SEPA creditor identifier is not valid: it reads like FR12ZZZ123456."
                )
            }
        ) from None
    creditor, _created = SepaCreditor.objects.select_for_update().get_or_create(
        structure=structure,
        defaults={"name": name, "creditor_id": creditor_id, "iban": "", "bic": ""},
    )
    creditor.name = name.strip()
    creditor.creditor_id = creditor_id
    creditor.iban = _clean_iban(iban)
    creditor.bic = _clean_bic(bic, required=True)
    creditor.full_clean()
    creditor.save()
    return creditor


def _next_rum(household: Household) -> str:
    """A reference unique for the creditor: the structure, the household, a counter."""
    count = DirectDebitMandate.objects.filter(household=household).count()
    return f"TRP-{household.structure_id}-{household.pk}-{count + 1}"


@transaction.atomic
def mandate_create(
    *,
    actor,
    household: Household,
    debtor_name: str,
    iban: str,
    signed_on: datetime.date,
    bic: str = "",
    rum: str = "",
    today: datetime.date | None = None,
) -> DirectDebitMandate:
    """Record a mandate the household signed: its RUM (given, or made unique), the account
    and the signature date, never in the future."""
    missions_rules.require(missions_rules.can_invoice(actor, household.structure_id))
    household = Household.objects.select_for_update().get(pk=household.pk)
    today = today or datetime.date.today()
    errors = {}
    if signed_on > today:
        errors["signed_on"] = _("A mandate is recorded once signed: its date is not to come.")
    rum = rum.strip() or _next_rum(household)
    if not RUM_PATTERN.match(rum):
        errors["rum"] = _(
            "A mandate reference has at most 35 letters, digits, spaces or dashes, no accents."
        )
    if errors:
        raise ValidationError(errors)
    if DirectDebitMandate.objects.filter(household=household, status=MandateStatus.ACTIVE).exists():
        raise ValidationError(_("This household already has an active mandate: revoke it first."))
    mandate = DirectDebitMandate(
        structure_id=household.structure_id,
        household=household,
        rum=rum,
        debtor_name=debtor_name.strip(),
        iban=_clean_iban(iban),
        bic=_clean_bic(bic, required=False),
        signed_on=signed_on,
    )
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def mandate_revoke(
    *, actor, mandate: DirectDebitMandate, on: datetime.date | None = None
) -> DirectDebitMandate:
    """The household withdrew their consent: no collection is made under it any more."""
    missions_rules.require(missions_rules.can_invoice(actor, mandate.structure_id))
    mandate = DirectDebitMandate.objects.select_for_update().get(pk=mandate.pk)
    if mandate.status == MandateStatus.REVOKED:
        return mandate
    mandate.status = MandateStatus.REVOKED
    mandate.revoked_on = on or datetime.date.today()
    mandate.save(update_fields=["status", "revoked_on", "updated_at"])
    return mandate
