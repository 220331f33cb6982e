"""Forms of référentiels and self-assessments: they translate input; the services check
the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin

from .models import ActionStatus, AssessmentLevel, PlannedAction, Referential, Requirement


class ReferentialUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File of the référentiel (TOML)"),
        help_text=_("The format is described in the README of the référentiels."),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            raise forms.ValidationError(_("The file is too large: it was not read."))
        return super().clean()


class AssessmentCreateForm(BootstrapFormMixin, forms.Form):
    referential = forms.ModelChoiceField(
        label=_("référentiel"), queryset=Referential.objects.filter(is_current=True)
    )
    assessed_on = forms.DateField(label=_("date of the self-assessment"))


class AnswerForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("level"),
        choices=[("", _("Not assessed yet")), *AssessmentLevel.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class EvidenceForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, image (PNG, JPEG) or office document (ODT, ODS, DOCX, XLSX)."),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        if self.too_large:
            raise forms.ValidationError(
                _("The file is too large: it was not read. Send a smaller one.")
            )
        return super().clean()


class PlannedActionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PlannedAction
        fields = ["requirement", "action", "owner", "due_on", "status"]

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.filter(
            chapter__referential_id=assessment.referential_id
        ).select_related("chapter")
        self.fields["requirement"].required = False
        self.fields["status"].choices = ActionStatus.choices
