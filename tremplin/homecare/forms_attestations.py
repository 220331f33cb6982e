"""Forms of the tax attestation pages; errors in French."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin

YEARS_BACK = 5  # the years a structure may still make attestations for


def _year_choices(today):
    return [(y, str(y)) for y in range(today.year - 1, today.year - 1 - YEARS_BACK, -1)]


class YearForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(today)


class AttestationRunForm(YearForm):
    send_emails = forms.BooleanField(
        label=_("Send each attestation by e-mail to the households that have an address"),
        required=False,
    )
