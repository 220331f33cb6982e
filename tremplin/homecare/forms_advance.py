"""Forms of the immediate advance: they translate input; the services check and decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin
from tremplin.network.selectors import commune_resolve

from .models import AdvanceEnrolment, RequestStatus


class CommuneByNameField(forms.CharField):
    """A commune typed as « Lyon (69001) », a postcode or an INSEE code."""

    def prepare_value(self, value):
        return getattr(value, "label", value)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return commune_resolve(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class EnrolmentForm(BootstrapFormMixin, forms.ModelForm):
    birth_commune = CommuneByNameField(
        label=_("Commune of birth"),
        required=False,
        help_text=_("Born in France: its name and postcode, e.g. Lyon (69001)."),
    )
    commune = CommuneByNameField(label=_("Commune"))

    class Meta:
        model = AdvanceEnrolment
        fields = [
            "civility",
            "birth_name",
            "usage_name",
            "first_names",
            "birth_date",
            "birth_country",
            "birth_commune",
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
        ]
        help_texts = {
            "birth_country": _("99100 for France; the INSEE code of the country otherwise."),
            "iban": _("The account URSSAF will debit the household's share from."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_country"].initial = "99100"

    def _post_clean(self):
        # The service checks and saves (IBAN, BIC, phone…): no model validation here.
        pass


class RequestFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *RequestStatus.choices],
    )


class ContestForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("The structure reads it and corrects the invoice."),
    )
