"""Forms of the catalogue, the sessions and the registrations: they translate input; the
services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User, UserKind
from tremplin.common.forms import BootstrapFormMixin
from tremplin.network.forms import CommuneField

from .models import Course, Part, SessionStatus, TraineeCategory
from .services.catalogue import INDICATOR_1_FIELDS, HalfDayInput

TEXT = forms.Textarea(attrs={"rows": 3})


class CourseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "audience",
            "objectives",
            "prerequisites",
            "duration_hours",
            "methods",
            "assessment",
            "access_conditions",
            "access_delay",
            "accessibility",
            "price_per_trainee_excl_vat",
            "certification_codes",
            "is_published",
        ]
        widgets = dict.fromkeys(
            (
                "objectives",
                "prerequisites",
                "methods",
                "assessment",
                "access_conditions",
                "accessibility",
            ),
            TEXT,
        )
        help_texts = {
            "prerequisites": _("Write « None » when the course asks for none."),
            "access_delay": _("E.g. « Registration up to 15 days before the session »."),
            "accessibility": _(
                "How a disabled person is welcomed (room, adaptations, the disability referent)."
            ),
            "certification_codes": _("RNCP or RS codes of the certification prepared, if any."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # French decimals (« 420,50 »).
        for name in ("duration_hours", "price_per_trainee_excl_vat"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        for name in INDICATOR_1_FIELDS:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _(
                "Qualiopi (indicator 1) asks the catalogue to publish this: fill it in."
            )


class SessionForm(BootstrapFormMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("course"), queryset=Course.objects.all())
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=200)
    is_remote = forms.BooleanField(label=_("remote"), required=False)
    remote_link = forms.URLField(label=_("remote link"), required=False, assume_scheme="https")
    place = forms.CharField(
        label=_("place"),
        required=False,
        max_length=300,
        help_text=_("The room and its address."),
    )
    commune = CommuneField(required=False)
    trainers = forms.ModelMultipleChoiceField(
        label=_("trainers"),
        required=False,
        queryset=User.objects.filter(kind=UserKind.FEDERATION, is_active=True).order_by(
            "last_name", "first_name"
        ),
        widget=forms.CheckboxSelectMultiple,
    )


class HalfDayForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("date"))
    # A blank first choice: an unused line posts nothing (a browser posts a select's first
    # option), so it is left out rather than refused.
    part = forms.ChoiceField(label=_("half-day"), choices=[("", "—"), *Part.choices])
    starts_at = forms.TimeField(label=_("from"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("to"), widget=forms.TimeInput(attrs={"type": "time"}))

    def half_day(self) -> HalfDayInput:
        return HalfDayInput(**{k: self.cleaned_data[k] for k in HalfDayInput.__dataclass_fields__})


HalfDayFormSet = forms.formset_factory(HalfDayForm, extra=4, max_num=40, can_delete=True)


class SessionStatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (SessionStatus.CONFIRMED.value, SessionStatus.CONFIRMED.label),
            (SessionStatus.DONE.value, SessionStatus.DONE.label),
        ],
    )


class RegistrationForm(BootstrapFormMixin, forms.Form):
    category = forms.ChoiceField(label=_("trainee"), choices=TraineeCategory.choices)
    person = forms.ModelChoiceField(
        label=_("employee in an insertion path"), required=False, queryset=None
    )
    first_name = forms.CharField(label=_("first name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("last name"), required=False, max_length=100)
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        help_text=_(
            "The convocation is sent there (for an employee: their file's, if left empty)."
        ),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        # The structure's people, read through the tenancy querysets by the view.
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: p.full_name
