"""Forms of insertion paths: they translate input; the services decide."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput
from tremplin.network.forms import CommuneField

from .models import (
    ActionKind,
    Barrier,
    BarrierCategory,
    BarrierStatus,
    ContractKind,
    Criterion,
    DiagnosisAuthor,
    ExitReason,
    FrenchLevel,
    Housing,
    InterviewKind,
    Person,
    ProlongationReason,
    Sex,
    SuspensionReason,
)
from .models.contracts import EarlyEndReason
from .models.person import PERSON_FIELDS


def date_field(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class PersonForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneField(required=False)
    birth_commune = CommuneField(
        label=_("Birth commune"), required=False, help_text=_("For people born in France.")
    )
    nir = forms.CharField(
        label=_("Social security number (NIR)"),
        required=False,
        max_length=21,
        help_text=_("15 characters; leave empty and give an NTT if not known yet."),
    )
    allow_duplicate = forms.BooleanField(
        label=_("I checked: this is another person than the files listed above"), required=False
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {
            name: DateInput()
            for name in (
                "birth_date",
                "rsa_since",
                "ass_since",
                "aah_since",
                "job_seeker_since",
                "consent_date",
                "retention_until",
            )
        }

    def __init__(self, *args, policy=None, conseillers=None, duplicates=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .asp_codes import education_level_choices

        self.fields["education_level"] = forms.ChoiceField(
            label=_("Education level (ASP)"),
            required=False,
            choices=[("", "—"), *education_level_choices()],
        )
        self.fields["rqth"] = forms.BooleanField(
            label=_("Disabled worker recognition (RQTH)"), required=False
        )
        self.fields["leaving_detention"] = forms.BooleanField(
            label=_("Leaving detention or under a court order"), required=False
        )
        self.fields["refugee"] = forms.BooleanField(
            label=_("Refugee or asylum seeker"), required=False
        )
        self.fields["conseiller"].queryset = (
            conseillers if conseillers is not None else self.fields["conseiller"].queryset.none()
        )
        if self.instance.pk:
            self.initial["commune"] = self.instance.commune
            self.initial["birth_commune"] = self.instance.birth_commune
        if policy is not None:  # only the fields the editor may see (accounts.privacy)
            for name in list(self.fields):
                if name in PERSON_FIELDS and not policy.shows(Person, name):
                    del self.fields[name]
        if not duplicates:
            # Kept (hidden) so that a confirmation posted again is still read.
            self.fields["allow_duplicate"].widget = forms.HiddenInput()
        self.order_fields(["allow_duplicate"])

    def _post_clean(self):
        pass  # the service validates the whole person (NIR, duplicates…)

    def person_fields(self) -> dict:
        """The person's fields, for `person_create`/`person_update`; the duplicate
        confirmation is not one of them (`allow_duplicate_confirmed`)."""
        return {name: value for name, value in self.cleaned_data.items() if name in PERSON_FIELDS}

    def allow_duplicate_confirmed(self) -> bool:
        return bool(self.cleaned_data.get("allow_duplicate"))


class PersonFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All")),
            ("in_path", _("In a path")),
            ("candidate", _("Candidate")),
            ("exited", _("Exited")),
        ],
    )
    contract_kind = forms.ChoiceField(
        label=_("Contract"), required=False, choices=[("", _("All")), *ContractKind.choices]
    )
    barrier = forms.ChoiceField(
        label=_("Barrier being worked on"),
        required=False,
        choices=[("", _("All")), *BarrierCategory.choices],
    )
    pass_end_before = forms.DateField(label=_("PASS ending by"), required=False, widget=DateInput())
    conseiller = forms.ChoiceField(label=_("Counsellor"), required=False)

    def __init__(self, *args, conseillers=(), policy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conseiller"].choices = [("", _("All")), *[(u.pk, str(u)) for u in conseillers]]
        # Filtering on a barrier « health » would tell who has one: only the categories the
        # user may see (accounts.privacy), none if barriers are not theirs to see.
        self.fields["barrier"].choices = [
            ("", _("All")),
            *[
                (value, label)
                for value, label in BarrierCategory.choices
                if policy is not None and policy.shows_value(Barrier, "category", value)
            ],
        ]


class DiagnosisForm(BootstrapFormMixin, forms.Form):
    author_kind = forms.ChoiceField(label=_("Made by"), choices=DiagnosisAuthor.choices)
    author_name = forms.CharField(label=_("Author's name"), max_length=150)
    author_organisation = forms.CharField(
        label=_("Author's organisation"), max_length=200, required=False
    )
    made_on = date_field(_("Made on"), initial=datetime.date.today)
    criteria = forms.MultipleChoiceField(
        label=_("Criteria met"), choices=Criterion.choices, widget=forms.CheckboxSelectMultiple
    )
    proof = forms.FileField(label=_("A proof (optional)"), required=False)
    proof_criterion = forms.ChoiceField(
        label=_("The criterion it proves"), required=False, choices=[("", "—"), *Criterion.choices]
    )

    def clean(self):
        data = super().clean()
        if data.get("proof") and data.get("proof_criterion") not in (data.get("criteria") or []):
            self.add_error(
                "proof_criterion", _("Say which of the chosen criteria the proof is for.")
            )
        return data


class ApprovalForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("PASS IAE number"), max_length=12, min_length=12)
    start_date = date_field(_("Start"))
    waiting_period_waived_by = forms.CharField(
        label=_("Waiting period waived by (authorised prescriber)"),
        required=False,
        max_length=200,
        help_text=_("Only if a previous PASS ended less than two years ago."),
    )


class SuspensionForm(BootstrapFormMixin, forms.Form):
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"))
    reason = forms.ChoiceField(label=_("Reason"), choices=SuspensionReason.choices)


STRUCTURE_REASONS = [
    (r.value, r.label) for r in (ProlongationReason.CDI_57, ProlongationReason.TRAINING)
]
PRESCRIBER_REASONS = [
    (r.value, r.label)
    for r in (
        ProlongationReason.SENIOR,
        ProlongationReason.RQTH,
        ProlongationReason.PARTICULAR_DIFFICULTIES,
    )
]


class ProlongationForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=STRUCTURE_REASONS)
    end_date = date_field(_("New end"))
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)


class ProlongationRequestForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=PRESCRIBER_REASONS)
    end_date = date_field(_("Requested end"))
    prescriber = forms.CharField(label=_("Prescriber"), max_length=200)
    requested_on = date_field(_("Requested on"), initial=datetime.date.today)


class ProlongationDecisionForm(BootstrapFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Accepted")), ("no", _("Refused"))],
        widget=forms.RadioSelect,
    )
    decided_on = date_field(_("Decided on"), initial=datetime.date.today)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContractKind.choices)
    start_date = date_field(_("Start"))
    planned_end_date = date_field(_("Planned end"), required=False)
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"), max_digits=4, decimal_places=2, min_value=1
    )
    extension_ground = forms.ChoiceField(
        label=_("Ground for going past 24 months"),
        required=False,
        choices=[
            ("", "—"),
            ("training", _("Training under way")),
            ("senior", _("Aged 50 or over")),
            ("rqth", _("RQTH")),
        ],
    )


class RenewalForm(BootstrapFormMixin, forms.Form):
    new_end_date = date_field(_("New end"))
    signed_on = date_field(_("Signed on"), initial=datetime.date.today)


class EarlyEndForm(BootstrapFormMixin, forms.Form):
    end_date = date_field(_("Last day"))
    reason = forms.ChoiceField(label=_("Reason"), choices=EarlyEndReason.choices)


class InterviewForm(BootstrapFormMixin, forms.Form):
    date = date_field(_("Date"), initial=datetime.date.today)
    kind = forms.ChoiceField(label=_("Kind"), choices=InterviewKind.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class BarrierForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("Barrier"), choices=BarrierCategory.choices)
    identified_on = date_field(_("Identified on"), initial=datetime.date.today)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BarrierStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=BarrierStatus.choices[1:])
    date = date_field(_("Date"), initial=datetime.date.today)
    note = forms.CharField(label=_("Note"), required=False, max_length=250)


class ActionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    partner = forms.CharField(label=_("Partner"), required=False, max_length=200)
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"), required=False)
    barrier = forms.ModelChoiceField(label=_("Barrier addressed"), required=False, queryset=None)

    def __init__(self, *args, barriers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barrier"].queryset = barriers


class CommitmentForm(BootstrapFormMixin, forms.Form):
    signed_on = date_field(_("Signed on"), initial=datetime.date.today)
    goals = forms.CharField(
        label=_("The employee's goals"), widget=forms.Textarea(attrs={"rows": 4})
    )
    structure_commitments = forms.CharField(
        label=_("The structure's commitments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(BootstrapFormMixin, forms.Form):
    date = date_field(_("Date"), initial=datetime.date.today)
    notes = forms.CharField(label=_("Review"), widget=forms.Textarea(attrs={"rows": 4}))


class ExitForm(BootstrapFormMixin, forms.Form):
    exit_date = date_field(_("Exit date"))
    reason = forms.ModelChoiceField(
        label=_("Reason (ASP list)"),
        queryset=ExitReason.objects.all(),
        required=False,
        help_text=_("Its category (lasting employment, transition…) follows from the reason."),
    )
    pass_decision = forms.ChoiceField(
        label=_("The PASS IAE"),
        widget=forms.RadioSelect,
        initial="keep",
        choices=[
            ("keep", _("Leave it running")),
            ("suspend", _("Suspend it from the day after the exit")),
        ],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExitReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.ModelChoiceField(label=_("Reason (ASP list)"), queryset=ExitReason.objects.all())


__all__ = ["FrenchLevel", "Housing", "Sex"]


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("One line per person; the expected columns are described below."),
    )
    dry_run = forms.BooleanField(label=_("Check only: save nothing"), required=False, initial=True)

    def __init__(self, *args, too_large: bool = False, **kwargs):
        # too_large: the upload was stopped on its way (tremplin.common.uploads).
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def _too_large(self) -> forms.ValidationError:
        from .imports.reading import megabytes

        return forms.ValidationError(
            _("The file is larger than the maximum of %(size)s MB.")
            % {"size": megabytes(settings.IMPORT_MAX_BYTES)},
            code="too_large",
        )

    def clean(self):
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error("file", self._too_large())
        return super().clean()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise self._too_large()
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Give a .csv or .xlsx file."))
        return upload
