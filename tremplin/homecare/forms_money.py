"""Forms of the money part: input translation only; the services check the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput

from .nova import Granularity


class MonthForm(forms.Form):
    month = forms.DateField(input_formats=["%Y-%m", "%Y-%m-%d"], required=False)


class CreditorForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Creditor name"), max_length=70)
    creditor_id = forms.CharField(
        label=_("SEPA creditor identifier (ICS)"),
        max_length=40,
        help_text=_("Given by the Banque de France through your bank, e.g. FR12ZZZ123456."),
    )
    iban = forms.CharField(label=_("IBAN of the structure"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=14)


class MandateForm(BootstrapFormMixin, forms.Form):
    household = forms.ModelChoiceField(label=_("Household"), queryset=None)
    debtor_name = forms.CharField(label=_("Account holder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=14, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    rum = forms.CharField(
        label=_("Unique mandate reference (RUM)"),
        max_length=35,
        required=False,
        help_text=_("Leave empty to have one made."),
    )

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda household: household.client.name


class BatchForm(BootstrapFormMixin, forms.Form):
    collection_date = forms.DateField(
        label=_("Collection date"),
        widget=DateInput(),
        help_text=_("The bank debits the households on that day."),
    )


class CollectedForm(forms.Form):
    rejected = forms.TypedMultipleChoiceField(
        label=_("Orders rejected by the bank"), coerce=int, required=False, choices=()
    )

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rejected"].choices = [(o.pk, o.end_to_end_id) for o in orders]


class NovaForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    period = forms.ChoiceField(choices=Granularity.CHOICES, required=False)
    format = forms.ChoiceField(choices=(("csv", "CSV"), ("xlsx", "XLSX")), required=False)

    def year_or(self, today: datetime.date) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or today.year
