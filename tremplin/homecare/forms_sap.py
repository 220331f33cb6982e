"""Forms of the SAP side: they translate input; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin
from tremplin.network.models import Departement

from .activities import ACTIVITY_CHOICES, InterventionMode
from .models import BrandLicence, LicenceStatus, SapDeclaration, Service


class DeclarationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SapDeclaration
        fields = [
            "number",
            "declared_on",
            "agrement_number",
            "agrement_on",
            "agrement_until",
            "autorisation_number",
            "autorisation_on",
        ]


class DeclaredActivityForm(BootstrapFormMixin, forms.Form):
    activity = forms.ChoiceField(label=_("activity"), choices=ACTIVITY_CHOICES)
    mode = forms.ChoiceField(label=_("intervention mode"), choices=InterventionMode.choices)


class ServiceForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "activity",
            "mode",
            "work_activity",
            "pricing",
            "price_excl_vat",
            "vat_rate",
            "extra_fees",
            "extra_fees_label",
            "tax_mention",
            "urssaf_nature_code",
            "is_active",
        ]
        widgets = {"tax_mention": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "work_activity": _(
                "The structure's activity the interventions are booked under (its profile "
                "lists them)."
            ),
            "tax_mention": _(
                "Left empty, the 50 % tax credit mention of the activity is printed (with its "
                "yearly sub-cap where the law sets one)."
            ),
            "urssaf_nature_code": _(
                "The code of the nature of the service in URSSAF's list for the immediate "
                "advance (field « codeNature » of the API « tiers de prestation »)."
            ),
        }

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_activity"].queryset = structure.activities.order_by("name")

    def _post_clean(self):
        # The service checks the rules and the model's constraints (in French).
        pass


class LicenceForm(BootstrapFormMixin, forms.ModelForm):
    territory = forms.ModelMultipleChoiceField(
        label=_("territory"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        help_text=_("The départements the licence covers."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = BrandLicence
        fields = ["started_on", "ends_on", "status", "charter_version", "charter_signed_on"]

    def _post_clean(self):
        pass


class LicenceCreateForm(LicenceForm):
    structure = forms.ModelChoiceField(label=_("structure"), queryset=None)

    field_order = ["structure"]

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class LicenseeFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All")), *LicenceStatus.choices], required=False
    )
    departement = forms.ChoiceField(label=_("département"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [
            ("", _("All")),
            *((d.code, f"{d.code} {d.name}") for d in Departement.objects.order_by("code")),
        ]
