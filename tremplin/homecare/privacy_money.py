"""The class of data of the money part's personal fields (accounts.privacy): a household's
mandate carries their bank account, contact data the staff see, never the intervenants."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import DirectDebitMandate

declare(
    DirectDebitMandate,
    {
        **dict.fromkeys(
            ("id", "structure", "household", "debtor_name", "created_at", "updated_at"),
            C.IDENTITY,
        ),
        **dict.fromkeys(("rum", "iban", "bic", "signed_on"), C.CONTACT),
        **dict.fromkeys(
            ("status", "revoked_on", "first_collected_on", "last_collected_on"), C.WORK
        ),
    },
)
