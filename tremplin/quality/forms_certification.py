"""Forms of the committee's decisions and the group's answers: they translate input; the
services check the rules."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin

from .models import DecisionOutcome

EXPIRY_WINDOWS = (30, 60, 90, 180, 365)
DEFAULT_WINDOW = 90


class DecisionForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("decision"))
    decided_on = forms.DateField(label=_("decided on"))
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, DecisionOutcome(o).label) for o in outcomes]


class ReasonForm(BootstrapFormMixin, forms.Form):
    decided_on = forms.DateField(label=_("decided on"))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class OtherSitesForm(BootstrapFormMixin, forms.Form):
    other_sites_affected = forms.TypedChoiceField(
        label=_("Are the other sites affected?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
    )
    other_sites_answer = forms.CharField(
        label=_("What was checked, and what follows for the other sites"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SampleForm(BootstrapFormMixin, forms.Form):
    seed = forms.IntegerField(
        label=_("seed of the draw"),
        required=False,
        min_value=0,
        max_value=2**48,
        help_text=_("Empty: the audit's recorded seed (a new one if none)."),
    )


class ExpiringForm(BootstrapFormMixin, forms.Form):
    days = forms.TypedChoiceField(
        label=_("expiring within"), coerce=int, required=False, empty_value=DEFAULT_WINDOW
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (d, gettext("%(days)d days") % {"days": d}) for d in EXPIRY_WINDOWS
        ]

    def window(self) -> int:
        return self.cleaned_data["days"] if self.is_valid() else DEFAULT_WINDOW
