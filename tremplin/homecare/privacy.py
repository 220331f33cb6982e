"""The class of data of the household file's personal fields (accounts.privacy).

The household's access instructions open a door: contact data, which the structure's
staff see and which reaches an intervenant only for the day they work there. An APA
reveals dependency and a PCH a disability: those values are sensitive."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import Financing, Household, HouseholdMember

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
