"""Forms translate input and errors; the services decide."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput

from .models import Activity, DuesStatus, MembershipStatus, Structure, StructureGroup, StructureKind
from .selectors import commune_resolve
from .services import PROFILE_FIELDS
from .validators import validate_siret


class CommuneField(forms.CharField):
    """A commune typed by name or postcode, with suggestions from the territories."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault(
            "help_text", _("Type its name or its postcode, then pick it in the list.")
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": "commune-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("network:commune_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#commune-suggestions",
                "hx-swap": "innerHTML",
            }
        )

    def prepare_value(self, value):
        if hasattr(value, "label"):
            return value.label
        if isinstance(value, str) and value.isdigit() and len(value) == 5:
            # An initial value given as the INSEE code (a model instance's commune_id).
            try:
                return commune_resolve(value).label
            except ValidationError:
                return value
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return commune_resolve(value)


class StructureForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneField()
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    activities = forms.ModelMultipleChoiceField(
        queryset=Activity.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Activities"),
        to_field_name="code",
    )

    class Meta:
        model = Structure
        fields = [
            "name",
            "siret",
            "kind",
            # is_home_services is not typed in: homecare sets it from the structure's SAP
            # declaration and Proxim'Services licence (services.sap.offers_home_services).
            "address",
            "commune",
            "activities",
            "description",
            "email",
            "phone",
            "website",
            "delegation",
            "group",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, profile_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].required = False
        self.fields["delegation"].help_text = _(
            "Left empty: the delegation covering the commune's région."
        )
        if self.instance.pk:
            self.initial["commune"] = self.instance.commune
        if profile_only:
            for name in list(self.fields):
                if name not in PROFILE_FIELDS and name != "activities":
                    del self.fields[name]

    def clean_siret(self):
        # Checked here too so that every error shows at once, not after the service runs.
        return validate_siret(self.cleaned_data["siret"])

    def _post_clean(self):
        # The service runs full_clean after deriving the position and delegation; the
        # form only checks the fields it shows.
        pass


class MembershipForm(BootstrapFormMixin, forms.Form):
    membership_status = forms.ChoiceField(
        label=_("Membership status"), choices=MembershipStatus.choices
    )
    member_since = forms.DateField(label=_("Member since"), required=False, widget=DateInput())


class DuesForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=10, decimal_places=2)
    status = forms.ChoiceField(label=_("Status"), choices=DuesStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year


class GroupForm(BootstrapFormMixin, forms.ModelForm):
    structures = forms.ModelMultipleChoiceField(
        queryset=Structure.objects.none(),
        required=False,
        label=_("Member structures"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = StructureGroup
        fields = ["name", "siren", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = structures
        if self.instance.pk:
            self.initial["structures"] = list(self.instance.structures.values_list("pk", flat=True))


RADIUS_CHOICES = [(r, _("%(km)s km") % {"km": r}) for r in (5, 10, 20, 30, 50, 100)]


class DirectorySearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Commune or postcode"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "list": "commune-suggestions",
                "autocomplete": "off",
                "placeholder": _("e.g. Lyon or 69001"),
                "hx-get": reverse_lazy("network:commune_suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#commune-suggestions",
                "hx-swap": "innerHTML",
            }
        ),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, coerce=int, initial=30, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of structure"),
        required=False,
        choices=[("", _("All kinds")), *StructureKind.choices],
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        required=False,
        queryset=Activity.objects.all(),
        to_field_name="code",
        empty_label=_("All activities"),
    )

    def clean_q(self):
        value = self.cleaned_data["q"]
        return commune_resolve(value) if value else None


class StructureFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or SIRET"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StructureKind.choices]
    )
    region = forms.ChoiceField(label=_("Région"), required=False)
    status = forms.ChoiceField(
        label=_("Membership"), required=False, choices=[("", _("All")), *MembershipStatus.choices]
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All régions")), *regions]
