"""The class of data of the immediate advance's personal fields (accounts.privacy). The
enrolment is the household's civil identity, contact and bank account (contact data: the
structure's staff); a payment request is the invoice's money, which the household sees."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import AdvanceEnrolment, PaymentRequest, PaymentRequestEvent

declare(
    AdvanceEnrolment,
    {
        **dict.fromkeys(
            (
                "id",
                "household",
                "structure",
                "created_at",
                "updated_at",
                "civility",
                "birth_name",
                "usage_name",
                "first_names",
                "birth_date",
                "birth_country",
                "birth_commune",
            ),
            C.IDENTITY,
        ),
        **dict.fromkeys(
            (
                "mobile_phone",
                "email",
                "street_number",
                "street_name",
                "address_complement",
                "postcode",
                "commune",
                "iban",
                "bic",
                "account_holder",
            ),
            C.CONTACT,
        ),
        **dict.fromkeys(("status", "urssaf_id", "error", "sent_at"), C.WORK),
    },
)
declare(
    PaymentRequest,
    dict.fromkeys((f.name for f in PaymentRequest._meta.concrete_fields), C.WORK),
)
declare(
    PaymentRequestEvent,
    dict.fromkeys((f.name for f in PaymentRequestEvent._meta.concrete_fields), C.WORK),
)
