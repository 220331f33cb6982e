"""Forms of the audit part."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import STAFF_ROLES, User, UserKind
from tremplin.common.forms import BootstrapFormMixin

from .models import (
    AuditKind,
    Certification,
    CertificationStatus,
    ChecklistResult,
    FindingKind,
    Requirement,
)


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
        kind = _("auditor") if obj.kind == UserKind.AUDITOR else _("peer")
        return f"{name or obj.email} ({kind})"


def _auditors():
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(kind=UserKind.AUDITOR)
            | Q(
                kind=UserKind.STRUCTURE_STAFF,
                structure_memberships__role__in=STAFF_ROLES,
            )
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class AuditEditForm(BootstrapFormMixin, forms.Form):
    auditor = AuditorChoiceField(
        label=_("Lead auditor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("An auditor, or a peer: a staff member of another structure."),
    )
    starts_on = forms.DateField(label=_("From"), required=False)
    ends_on = forms.DateField(label=_("To"), required=False)
    due_by = forms.DateField(label=_("To be held by"), required=False)
    plan = forms.CharField(
        label=_("Audit plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sites, times, the requirements covered, the people met."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = _auditors()


class AuditPlanForm(AuditEditForm):
    certification = forms.ModelChoiceField(
        label=_("Certification"), queryset=Certification.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of audit"), choices=AuditKind.choices)
    field_order = ["certification", "kind", "auditor", "starts_on", "ends_on", "due_by", "plan"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certification"].queryset = (
            Certification.objects.for_user(actor)
            .exclude(status__in=[CertificationStatus.WITHDRAWN, CertificationStatus.REFUSED])
            .select_related("structure", "referential")
            .order_by("structure__name", "name", "pk")
        )


class ChecklistForm(BootstrapFormMixin, forms.Form):
    """One result and notes per requirement of a site."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"result-{item.pk}"] = forms.ChoiceField(
                label=_("Result"), choices=ChecklistResult.choices, initial=item.result
            )
            self.fields[f"notes-{item.pk}"] = forms.CharField(
                label=_("Notes"),
                required=False,
                initial=item.notes,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [(item, self[f"result-{item.pk}"], self[f"notes-{item.pk}"]) for item in self.items]

    def entries(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item.pk: (data[f"result-{item.pk}"], data[f"notes-{item.pk}"]) for item in self.items
        }


class FindingForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices)
    requirement = forms.ModelChoiceField(
        label=_("Requirement"), queryset=Requirement.objects.none(), required=False
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What was seen: documents, figures, pseudonymised paths (« Path 3 »). Never a "
            "person's name."
        ),
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.filter(
            chapter__referential_id=audit.certification.referential_id
        ).order_by("chapter__position", "position")
        self.fields["site"].queryset = audit.sites.select_related("structure")
        sites = list(self.fields["site"].queryset)
        if len(sites) == 1:
            self.fields["site"].initial = sites[0].pk


class ReportForm(BootstrapFormMixin, forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The auditor's conclusion and recommendation to the committee."),
    )


class ActionForm(BootstrapFormMixin, forms.Form):
    cause = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Due on"))


class DoneForm(BootstrapFormMixin, forms.Form):
    done_on = forms.DateField(label=_("Done on"))


class CheckForm(BootstrapFormMixin, forms.Form):
    checked_on = forms.DateField(label=_("Checked on"))
    is_effective = forms.TypedChoiceField(
        label=_("Is the action effective?"),
        choices=[("yes", _("Yes, effective")), ("no", _("No, not effective"))],
        coerce=lambda value: value == "yes",
    )
    check_notes = forms.CharField(
        label=_("Notes on the check"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("Document"))


class AuditFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All audits")),
            ("planned", _("To hold (planned)")),
            ("in_progress", _("Under way")),
            ("reported", _("Reported")),
        ],
    )
