"""Forms of missions: input translation; the services decide."""

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput
from tremplin.network.forms import CommuneField
from tremplin.network.models import Activity
from tremplin.network.validators import validate_siret

from .models import ClientKind, InvoiceStatus, PaymentMethod, PaymentTerms


class TimeInput(forms.TimeInput):
    input_type = "time"


class ClientForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ClientKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=17,
        required=False,
        help_text=_("Required for legal persons (not for households)."),
    )
    address = forms.CharField(label=_("Address"), max_length=250)
    commune = CommuneField()
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != ClientKind.HOUSEHOLD and not data.get("siret"):
            self.add_error("siret", _("A legal person is identified by its SIRET."))
        elif data.get("siret"):
            try:
                data["siret"] = validate_siret(data["siret"])
            except forms.ValidationError as exc:
                self.add_error("siret", exc)
        return data


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RequestForm(BootstrapFormMixin, forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.all())
    address = forms.CharField(
        label=_("Address of the mission"),
        max_length=250,
        required=False,
        help_text=_("The client's address unless the work is done elsewhere."),
    )
    commune = CommuneField(label=_("Place"))
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("To"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours requested"), min_value=0.25, max_digits=7, decimal_places=2
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekly slot: day"),
        coerce=int,
        choices=WEEKDAYS,
    )
    start_time = forms.TimeField(label=_("from"), widget=TimeInput())
    end_time = forms.TimeField(label=_("to"), widget=TimeInput())
    skills = forms.CharField(label=_("Skills or licence required"), required=False, max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", _("The end comes before the start."))
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The end comes before the start."))
        return data


# A period assigned at once stays within a year (each day is checked on its own).
MAX_PERIOD_DAYS = 366


class AssignmentForm(BootstrapFormMixin, forms.Form):
    """One day, or every day of a period (some weekdays only, if checked)."""

    person = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    day = forms.DateField(label=_("Date (or first day)"), widget=DateInput())
    until = forms.DateField(
        label=_("Last day (for a period)"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for one day."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Only on these days"),
        coerce=int,
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None checked: every day of the period."),
    )
    start = forms.TimeField(label=_("from"), widget=TimeInput())
    end = forms.TimeField(label=_("to"), widget=TimeInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        first, last = data.get("day"), data.get("until")
        if first and last:
            if last < first:
                self.add_error("until", _("The last day comes before the first."))
            elif (last - first).days >= MAX_PERIOD_DAYS:
                self.add_error(
                    "until",
                    _("A period assigned at once is at most %(n)s days: split it.")
                    % {"n": MAX_PERIOD_DAYS},
                )
        return data

    def days(self) -> list[datetime.date]:
        data = self.cleaned_data
        first, last = data["day"], data.get("until") or data["day"]
        weekdays = set(data.get("weekdays") or range(7))
        count = (last - first).days + 1
        days = [first + datetime.timedelta(days=i) for i in range(count)]
        return [d for d in days if d.weekday() in weekdays]


class WeeklyAssignmentForm(BootstrapFormMixin, forms.Form):
    """One employee on a weekly slot of the request, every week from today to its end."""

    person = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    slot = forms.ModelChoiceField(label=_("Weekly slot"), queryset=None)

    def __init__(self, *args, people=None, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["slot"].queryset = slots


class TimeEntryForm(BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=datetime.date.today)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, people=None, clients=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["client"].queryset = clients


class OwnHoursForm(BootstrapFormMixin, forms.Form):
    """The employee's hours of one of their missions (the mission gives day and client)."""

    # Typed « 3,5 » on a French phone: the field reads the language's decimal separator.
    hours = forms.DecimalField(
        label=_("Hours worked"),
        min_value=Decimal("0.25"),
        max_value=24,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


class MonthForm(forms.Form):
    month = forms.DateField(input_formats=["%Y-%m", "%Y-%m-%d"])


class PaymentForm(BootstrapFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    # Accountants type "9,60": the field reads the language's decimal separator.
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=Decimal("0.01"), decimal_places=2, localize=True
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=PaymentMethod.choices,
        help_text=_("A payment in cash never counts on a household's tax attestation."),
    )
    issuer = forms.CharField(
        label=_("Issuer or funder"),
        max_length=150,
        required=False,
        help_text=_(
            "For a prepaid CESU, its issuer; for an APA or a PCH paid directly, the funder."
        ),
    )


class CreditNoteForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason of the correction"), max_length=150)
    amount = forms.DecimalField(
        label=_("Amount incl. VAT (€)"),
        required=False,
        min_value=Decimal("0.01"),
        decimal_places=2,
        localize=True,
        help_text=_("Leave empty to credit all that remains on the invoice."),
    )


class PaymentTermsForm(BootstrapFormMixin, forms.Form):
    payment_terms = forms.ChoiceField(label=_("Payment terms"), choices=PaymentTerms.choices)
    payment_days = forms.IntegerField(
        label=_("Agreed number of days"),
        required=False,
        min_value=1,
        help_text=_("At most 60 days after the issue date, or 45 days end of month."),
    )


INVOICE_STATES = [
    ("", _("All states")),
    *InvoiceStatus.choices,
    ("credit_note", _("Credit notes")),
]


class InvoiceFilterForm(BootstrapFormMixin, forms.Form):
    """The invoice list's month and filters, read from the query string."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    state = forms.ChoiceField(label=_("State"), choices=INVOICE_STATES, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of client"),
        choices=[("", _("All clients")), *ClientKind.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class SlotForm(BootstrapFormMixin, forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=WEEKDAYS)
    start_time = forms.TimeField(label=_("from"), widget=TimeInput())
    end_time = forms.TimeField(label=_("to"), widget=TimeInput())


class PriceListForm(BootstrapFormMixin, forms.Form):
    """The structure's hourly rate and travel fee per activity, and its VAT per kind of
    client with the legal reference printed on invoices."""

    def __init__(self, *args, activities, prices, vat_rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)
        for activity in self.activities:
            price = prices.get(activity.pk)
            self.fields[f"rate_{activity.pk}"] = forms.DecimalField(
                label=_("%(activity)s: hourly rate excl. VAT (€)") % {"activity": activity.name},
                min_value=0,
                max_digits=8,
                decimal_places=2,
                required=False,
                localize=True,
                initial=price.hourly_rate if price else None,
            )
            self.fields[f"fee_{activity.pk}"] = forms.DecimalField(
                label=_("%(activity)s: travel fee per intervention (€)")
                % {"activity": activity.name},
                min_value=0,
                max_digits=8,
                decimal_places=2,
                required=False,
                localize=True,
                initial=price.travel_fee if price else 0,
            )
        for kind, label in ClientKind.choices:
            rule = vat_rules.get(kind)
            self.fields[f"vat_{kind}"] = forms.DecimalField(
                label=_("%(kind)s: VAT rate (%%)") % {"kind": label},
                min_value=0,
                max_value=100,
                max_digits=4,
                decimal_places=2,
                required=False,
                localize=True,
                initial=rule.rate if rule else None,
            )
            self.fields[f"ref_{kind}"] = forms.CharField(
                label=_("%(kind)s: legal reference on invoices") % {"kind": label},
                max_length=200,
                required=False,
                initial=rule.legal_reference if rule else "",
            )

    def clean(self):
        data = super().clean()
        for kind, _label in ClientKind.choices:
            if data.get(f"vat_{kind}") is not None and not data.get(f"ref_{kind}"):
                self.add_error(
                    f"ref_{kind}",
                    _("Give the legal ground of this rate (exemption article or normal rate)."),
                )
        return data
