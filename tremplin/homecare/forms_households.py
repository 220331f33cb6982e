"""Forms of the household files, quotes, contracts and the household's messages: input
translation only; the services check the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin
from tremplin.network.forms import CommuneField
from tremplin.network.models import Departement

from .models import FinancingKind, MemberRelation
from .services.messages import MESSAGE_MAX_LENGTH


class HouseholdForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the household"),
        max_length=200,
        help_text=_("As on the invoices, e.g. « Mme and M. Martin »."),
    )
    address = forms.CharField(label=_("Address"), max_length=250)
    commune = CommuneField()
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    access_instructions = forms.CharField(
        label=_("Access instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Door code, key box, pets… shown to the intervenant on the day only."),
    )


class HouseholdEditForm(BootstrapFormMixin, forms.Form):
    access_instructions = forms.CharField(
        label=_("Access instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Door code, key box, pets… shown to the intervenant on the day only."),
    )
    notes = forms.CharField(
        label=_("Notes of the staff"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    usual_intervenants = forms.ModelMultipleChoiceField(
        label=_("Usual intervenants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, intervenants, show_notes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_notes:  # notes are for who may read them (the privacy policy)
            del self.fields["notes"]
        field = self.fields["usual_intervenants"]
        field.queryset = intervenants
        field.label_from_instance = lambda p: f"{p.first_names} {p.last_name}"


class MemberForm(BootstrapFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False)
    relation = forms.ChoiceField(label=_("Relation"), choices=MemberRelation.choices)
    is_dependent = forms.BooleanField(label=_("Dependent for tax"), required=False)
    is_disabled = forms.BooleanField(label=_("Disabled"), required=False)


class FinancingForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FinancingKind.choices)
    funder = forms.CharField(
        label=_("Funder"),
        max_length=150,
        help_text=_("The département, the CESU issuer, the fund…"),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        help_text=_("For an APA or a PCH: the département that granted it."),
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours granted per month"),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
    )
    reference = forms.CharField(label=_("Decision reference"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("From"))
    ends_on = forms.DateField(label=_("To"), required=False)


class QuoteForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(
        label=_("What the household needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The personalised part: the household's needs as agreed at the visit."),
    )
    asked_by_household = forms.BooleanField(
        label=_("The household asked for a quote"), required=False
    )


class QuoteLineForm(BootstrapFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Service of the catalogue"), queryset=None)
    quantity = forms.DecimalField(
        label=_("Quantity per month"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        help_text=_("Hours per month, or interventions per month for a flat price."),
    )
    interventions = forms.IntegerField(
        label=_("Interventions per month"), min_value=1, max_value=62, initial=4
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=250,
        required=False,
        help_text=_("The service's name unless you write another."),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class PaperAcceptanceForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(label=_("Signed by the household on"))


class ContractForm(BootstrapFormMixin, forms.Form):
    signed_on = forms.DateField(label=_("Signed on"))
    starts_on = forms.DateField(label=_("From"))
    ends_on = forms.DateField(label=_("To"), required=False)
    notice_hours = forms.IntegerField(
        label=_("Notice for a change or a cancellation (hours)"),
        min_value=0,
        max_value=720,
        help_text=_("An intervention changed or cancelled with less notice is due."),
    )
    monthly_amount_incl_vat = forms.DecimalField(
        label=_("Monthly amount incl. VAT (€)"),
        max_digits=10,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Without a quote only: the amount agreed."),
    )

    def __init__(self, *args, with_quote: bool, **kwargs):
        kwargs.setdefault("initial", {"notice_hours": settings.HOMECARE_CONTRACT_NOTICE_HOURS})
        super().__init__(*args, **kwargs)
        if with_quote:
            del self.fields["monthly_amount_incl_vat"]


class MessageForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("An absence, a change, a question: the structure reads it and answers you."),
    )


class QuoteAskForm(BootstrapFormMixin, forms.Form):
    description = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The services, how often, on which days: the structure makes you a free quote."
        ),
    )
