"""The class of data of the household file's personal fields (accounts.privacy).

The household's access instructions open a door: contact data, which the structure's
staff see and which reaches an intervenant only for the day they work there. An APA
reveals dependency and a PCH a disability: those values are sensitive."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import (
    Financing,
    Household,
    HouseholdContract,
    HouseholdMember,
    HouseholdMessage,
    Quote,
    QuoteLine,
)

_KEYS = ("id", "created_at", "updated_at")

declare(
    Household,
    {
        **dict.fromkeys(("id", "client", "structure", "created_at", "updated_at"), C.IDENTITY),
        "access_instructions": C.CONTACT,
        "usual_intervenants": C.WORK,
        "advance_status": C.WORK,
        "notes": C.NOTES,
    },
)
declare(
    HouseholdMember,
    {
        **dict.fromkeys(("id", "household", "first_name", "last_name", "relation"), C.IDENTITY),
        "birth_date": C.IDENTITY,
        "is_dependent": C.IDENTITY,
        "is_disabled": C.DISABILITY,
    },
)
declare(
    Financing,
    dict.fromkeys(
        (
            "id",
            "household",
            "kind",
            "funder",
            "departement",
            "hours_per_month",
            "reference",
            "starts_on",
            "ends_on",
        ),
        C.WORK,
    ),
    values={"kind": {"apa": C.HEALTH, "pch": C.DISABILITY}},
)

# Quotes, contracts and messages (households part): what the household and the structure
# agreed and wrote to each other — work data, which the household sees as their own.
declare(
    Quote,
    dict.fromkeys(
        (
            "id",
            "household",
            "number",
            "status",
            "asked_by_household",
            "description",
            "sent_on",
            "valid_until",
            "accepted_on",
            "accepted_via",
            "decided_by",
            "created_by",
            *_KEYS[1:],
        ),
        C.WORK,
    ),
)
declare(
    QuoteLine,
    dict.fromkeys(
        (
            "id",
            "quote",
            "service",
            "label",
            "quantity",
            "interventions",
            "unit_price_excl_vat",
            "extra_fees_excl_vat",
            "vat_rate",
        ),
        C.WORK,
    ),
)
declare(
    HouseholdContract,
    dict.fromkeys(
        (
            "id",
            "household",
            "quote",
            "monthly_amount_incl_vat",
            "signed_on",
            "starts_on",
            "ends_on",
            "notice_hours",
            "created_by",
            *_KEYS[1:],
        ),
        C.WORK,
    ),
)
declare(
    HouseholdMessage,
    dict.fromkeys(("id", "household", "author", "body", "sent_at", "read_at"), C.WORK),
)
# Each part declares its own models' classes in privacy_<part>.py.
from . import privacy_advance, privacy_recurring  # noqa: E402, F401

# The tax attestation: what the household paid and when (work, as their invoices' hours
# are); the household reads their own. The funders are named only in the PDF.
from .models import TaxAttestation  # noqa: E402

declare(
    TaxAttestation,
    {
        **dict.fromkeys(("id", "household", "structure", "year", "run"), C.IDENTITY),
        **dict.fromkeys(
            (
                "created_at",
                "updated_at",
                "settled_total",
                "advance",
                "third_party",
                "cesu_prepaid",
                "cash",
                "amount",
                "hours",
                "pdf",
                "generated_at",
                "emailed_at",
            ),
            C.WORK,
        ),
        "emailed_to": C.CONTACT,
    },
)
