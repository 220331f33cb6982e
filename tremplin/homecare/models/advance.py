"""URSSAF's immediate advance of the tax credit (API « tiers de prestation »): a household's
enrolment, and each invoice sent as a payment request with its status as URSSAF reports it.
Personal data: the structure's staff, and the household themself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.encryption import EncryptedCharField
from tremplin.common.models import TimestampedModel

from .households import AdvanceStatus, Household


class OwnRequestRowsQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(household__client__user_id=scope.user_id)


class Civility(models.TextChoices):
    # The codes of the API's « civilite » field.
    MR = "1", _("Mr")
    MRS = "2", _("Mrs")


class AdvanceEnrolment(TimestampedModel):
    """What URSSAF needs to recognise the household (it must have filed a tax return once):
    civil identity, birth, contact, postal address and the account it will be debited on."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="advance_enrolment"
    )
    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    civility = models.CharField(_("civility"), max_length=1, choices=Civility.choices)
    birth_name = models.CharField(_("birth name"), max_length=80)
    usage_name = models.CharField(_("usual name"), max_length=80, blank=True)
    first_names = models.CharField(_("first names"), max_length=80)
    birth_date = models.DateField(_("birth date"))
    # INSEE codes: 99100 is France; abroad, the département and commune stay empty.
    birth_country = models.CharField(_("country of birth (INSEE code)"), max_length=5)
    birth_commune = models.ForeignKey(
        "network.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune of birth"),
    )
    mobile_phone = models.CharField(_("mobile phone"), max_length=20)
    email = models.EmailField(_("email"))
    street_number = models.CharField(_("street number"), max_length=10, blank=True)
    street_name = models.CharField(_("street"), max_length=100)
    address_complement = models.CharField(_("address complement"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5)
    commune = models.ForeignKey(
        "network.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    iban = EncryptedCharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    account_holder = models.CharField(_("account holder"), max_length=100)
    status = models.CharField(
        _("status"), max_length=15, choices=AdvanceStatus.choices, default=AdvanceStatus.PENDING
    )
    urssaf_id = models.CharField(_("URSSAF client id"), max_length=50, blank=True)
    error = models.TextField(_("URSSAF's answer"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OwnRequestRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("immediate advance enrolment")
        verbose_name_plural = _("immediate advance enrolments")

    def __str__(self):
        return f"{self.first_names} {self.usage_name or self.birth_name}"


class RequestStatus(models.TextChoices):
    """Ours before URSSAF has it, then URSSAF's codes (« statut.code » of the API)."""

    TO_SEND = "to_send", _("To send")
    NOT_ACCEPTED = "not_accepted", _("Not accepted by URSSAF")
    INTEGRATED = "10", _("Integrated")
    WAITING = "20", _("Waiting for the household's validation")
    VALIDATED = "30", _("Validated")
    REFUSED = "40", _("Refused by the household")
    DEBITED = "50", _("Household debited")
    DEBIT_REFUSED = "60", _("Direct debit refused")
    PAID = "70", _("Paid")
    CANCELLED = "110", _("Cancelled")
    RECOVERED = "120", _("Recovered")


# The flow of a request. Polling may miss steps (a request validated and paid between two
# polls): a status is accepted when it can be reached from the current one in any number
# of steps; going back is refused.
NEXT_STATUSES: dict[str, frozenset[str]] = {
    RequestStatus.TO_SEND: frozenset({RequestStatus.INTEGRATED, RequestStatus.NOT_ACCEPTED}),
    RequestStatus.NOT_ACCEPTED: frozenset({RequestStatus.TO_SEND}),
    RequestStatus.INTEGRATED: frozenset(
        {
            RequestStatus.WAITING,
            RequestStatus.VALIDATED,
            RequestStatus.REFUSED,
            RequestStatus.CANCELLED,
        }
    ),
    RequestStatus.WAITING: frozenset(
        {RequestStatus.VALIDATED, RequestStatus.REFUSED, RequestStatus.CANCELLED}
    ),
    RequestStatus.VALIDATED: frozenset(
        {RequestStatus.DEBITED, RequestStatus.DEBIT_REFUSED, RequestStatus.CANCELLED}
    ),
    RequestStatus.DEBITED: frozenset({RequestStatus.PAID, RequestStatus.DEBIT_REFUSED}),
    RequestStatus.DEBIT_REFUSED: frozenset({RequestStatus.RECOVERED, RequestStatus.CANCELLED}),
    RequestStatus.PAID: frozenset(),
    RequestStatus.REFUSED: frozenset(),
    RequestStatus.CANCELLED: frozenset(),
    RequestStatus.RECOVERED: frozenset(),
}
OPEN_STATUSES = frozenset(
    {
        RequestStatus.INTEGRATED,
        RequestStatus.WAITING,
        RequestStatus.VALIDATED,
        RequestStatus.DEBITED,
        RequestStatus.DEBIT_REFUSED,
    }
)
# While these last, the household may still validate or contest.
ANSWERABLE_STATUSES = frozenset({RequestStatus.INTEGRATED, RequestStatus.WAITING})


def reachable(current: str, target: str) -> bool:
    seen, todo = set(), [current]
    while todo:
        for following in NEXT_STATUSES.get(todo.pop(), ()):
            if following == target:
                return True
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return False


class PaymentRequest(TimestampedModel):
    """One issued invoice of a household, sent to URSSAF: the lines as sent, then the status
    URSSAF reports, why it was refused, and the transfer received."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="payment_requests"
    )
    invoice = models.OneToOneField(
        "missions.Invoice",
        on_delete=models.PROTECT,
        related_name="advance_request",
        verbose_name=_("invoice"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=RequestStatus.choices, default=RequestStatus.TO_SEND
    )
    urssaf_id = models.CharField(_("URSSAF request id"), max_length=50, blank=True)
    # URSSAF's own code and wording (e.g. 111 « annulée après impayé », shown as cancelled).
    urssaf_code = models.CharField(_("URSSAF code"), max_length=10, blank=True)
    urssaf_label = models.CharField(_("URSSAF wording"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount incl. VAT"), max_digits=12, decimal_places=2)
    # What the invoice had already received when it was sent (a deposit, APA/PCH paid
    # directly, prepaid CESU): the « acompte » of the request; URSSAF pays the rest.
    deposit = models.DecimalField(
        _("already paid when sent"), max_digits=12, decimal_places=2, default=0
    )
    deposit_on = models.DateField(_("last paid on"), null=True, blank=True)
    lines = models.JSONField(_("lines sent"), default=list)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    integrated_at = models.DateTimeField(_("integrated at"), null=True, blank=True)
    refusal_code = models.CharField(_("refusal code"), max_length=50, blank=True)
    refusal_comment = models.TextField(_("refusal reason"), blank=True)
    transfer_amount = models.DecimalField(
        _("transfer received"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    transfer_on = models.DateField(_("transfer date"), null=True, blank=True)
    transfer_recorded = models.BooleanField(_("transfer recorded as payments"), default=False)
    last_polled_at = models.DateTimeField(_("last asked"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OwnRequestRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("immediate advance payment request")
        verbose_name_plural = _("immediate advance payment requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["urssaf_id"],
                condition=~models.Q(urssaf_id=""),
                name="payment_request_unique_urssaf_id",
                violation_error_message=_("This URSSAF request is already recorded."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="payment_request_positive",
                violation_error_message=_("A payment request is for more than 0 €."),
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__gte=0, deposit__lt=models.F("amount")),
                name="payment_request_deposit_below_amount",
                violation_error_message=_(
                    "What was already paid is less than the invoice: URSSAF pays the rest."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "last_polled_at"])]

    def __str__(self):
        return f"{self.invoice_id}: {self.get_status_display()}"

    @property
    def remaining(self):
        """What URSSAF is asked to pay: the invoice less what it had already received."""
        return self.amount - self.deposit

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answerable(self) -> bool:
        return self.status in ANSWERABLE_STATUSES


class EventSource(models.TextChoices):
    URSSAF = "urssaf", _("URSSAF")
    HOUSEHOLD = "household", _("The household")
    STAFF = "staff", _("The structure")


class PaymentRequestEvent(models.Model):
    """The log of a request's statuses: when, from what to what, reported by whom."""

    request = models.ForeignKey(PaymentRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from"), max_length=15, choices=RequestStatus.choices)
    to_status = models.CharField(_("to"), max_length=15, choices=RequestStatus.choices)
    source = models.CharField(_("source"), max_length=10, choices=EventSource.choices)
    note = models.TextField(_("note"), blank=True)
    applied = models.BooleanField(_("applied"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment request event")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"
