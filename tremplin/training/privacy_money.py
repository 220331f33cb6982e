"""The class of data of the training part « money »'s personal fields (accounts.privacy):
a funding and an invoice line point at a registration, whose trainee they name."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import Funding, TrainingInvoiceLine

declare(
    Funding,
    dict.fromkeys(
        (
            "id",
            "created_at",
            "updated_at",
            "registration",
            "funder",
            "funder_name",
            "amount",
            "agreement_reference",
        ),
        C.WORK,
    ),
)
declare(
    TrainingInvoiceLine,
    {
        **dict.fromkeys(
            (
                "id",
                "invoice",
                "registration",
                "course_title",
                "hours",
                "quantity",
                "unit_price",
                "vat_rate",
                "amount",
            ),
            C.WORK,
        ),
        "trainee_name": C.IDENTITY,
    },
)
