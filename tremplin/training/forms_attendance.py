"""The attendance part's forms: an absence and its reason, a federation correction, the
questionnaires. They translate input; the rules are in services/attendance.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin

from .models import Level4, Presence
from .models.questionnaires import SATISFACTION_QUESTIONS


class AbsenceForm(BootstrapFormMixin, forms.Form):
    excused = forms.TypedChoiceField(
        label=_("Absence"),
        choices=[("1", _("Excused")), ("0", _("Not excused"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CorrectionForm(BootstrapFormMixin, forms.Form):
    presence = forms.ChoiceField(label=_("Presence"), choices=Presence.choices)
    reason = forms.CharField(
        label=_("Reason for the absence"),
        max_length=200,
        required=False,
        help_text=_("For an absence."),
    )
    note = forms.CharField(label=_("Reason for the correction"), max_length=300)


def _scale(label):
    return forms.TypedChoiceField(
        label=label,
        choices=Level4.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class SatisfactionForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SATISFACTION_QUESTIONS:
            self.fields[name] = _scale(label)
        self.fields["comment"] = forms.CharField(
            label=_("A comment (optional)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.style_fields()

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name, _label in SATISFACTION_QUESTIONS}


class SelfAssessmentForm(BootstrapFormMixin, forms.Form):
    level = _scale(_("I master the objectives of the course"))
