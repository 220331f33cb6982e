"""Forms of the recurring interventions: input translation; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.common.forms import BootstrapFormMixin, DateInput
from tremplin.missions.forms import TimeInput

from .models import WEEKDAYS, Frequency


class PatternForm(BootstrapFormMixin, forms.Form):
    household = forms.ModelChoiceField(label=_("Household"), queryset=None)
    service = forms.ModelChoiceField(label=_("Service"), queryset=None)
    person = forms.ModelChoiceField(
        label=_("Usual intervenant"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to place each date later."),
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"), coerce=int, choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("To"), widget=TimeInput())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    skip_holidays = forms.BooleanField(
        label=_("Skip the public holidays of the household's département"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, households=None, services=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["service"].queryset = services
        self.fields["person"].queryset = people


class MoveForm(BootstrapFormMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("From"), widget=TimeInput())
    end = forms.TimeField(label=_("To"), widget=TimeInput())


class AbsenceForm(BootstrapFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Intervenant"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ExtendForm(BootstrapFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("New last day"), widget=DateInput())


class StopForm(BootstrapFormMixin, forms.Form):
    last_day = forms.DateField(
        label=_("Last day of the interventions"),
        widget=DateInput(),
        help_text=_("The dates after it are cancelled and taken off the planning."),
    )


class ChangeAskForm(BootstrapFormMixin, forms.Form):
    wish = forms.CharField(
        label=_("Which day or time would suit you better?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The structure reads your request and moves the date, or calls you back."),
    )
