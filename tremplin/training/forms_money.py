"""Forms of the training part « money »: input translation only; the services check the
rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput

from .models import Complaint, Funder


class FundingForm(BootstrapFormMixin, forms.Form):
    funder = forms.ChoiceField(label=_("Funder"), choices=Funder.choices)
    funder_name = forms.CharField(
        label=_("Funder's name"),
        max_length=150,
        required=False,
        help_text=_("For an OPCO or another funder: which one (Uniformation, Akto…)."),
    )
    amount = forms.DecimalField(
        label=_("Amount (excl. VAT, €)"), max_digits=10, decimal_places=2, min_value=0
    )
    agreement_reference = forms.CharField(
        label=_("Agreement reference"), max_length=100, required=False
    )


class DraftForm(BootstrapFormMixin, forms.Form):
    structure = forms.ModelChoiceField(label=_("Structure to invoice"), queryset=None)

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class CreditNoteForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason of the credit note"), max_length=200)
    lines = forms.MultipleChoiceField(
        label=_("Lines to credit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the whole invoice is credited."),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [
            (str(line.pk), f"{line.course_title} — {line.trainee_name}") for line in lines
        ]


class ComplaintForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "received_on",
            "source",
            "subject",
            "description",
            "answered_on",
            "answer",
            "improvement",
        ]
        widgets = {
            "received_on": DateInput(),
            "answered_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
            "improvement": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "description": _("The facts, without the complainant's name."),
        }


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
