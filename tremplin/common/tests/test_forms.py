"""The form mixin: every date an ISO date picker, every widget styled — fields a form adds
after the mixin's `__init__` included (the new-person form's were left bare)."""

import datetime

from django import forms
from django.utils import translation

from tremplin.common.forms import BootstrapFormMixin

DAY = datetime.date(2018, 7, 1)


class Dates(BootstrapFormMixin, forms.Form):
    plain = forms.DateField()
    typed = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "max": "2030-01-01"}))
    hidden = forms.DateField(widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.DateField()  # added after the mixin ran
        self.fields["choice"] = forms.ChoiceField(choices=[("a", "A")])
        self.fields["box"] = forms.BooleanField(required=False)


def test_every_date_renders_iso_in_a_date_picker_whatever_the_language():
    initial = dict.fromkeys(("plain", "typed", "hidden", "late"), DAY)
    with translation.override("fr"):
        form = Dates(initial=initial)
        html = {name: str(form[name]) for name in initial}
    for name in ("plain", "typed", "late"):
        assert 'type="date"' in html[name] and 'value="2018-07-01"' in html[name], html[name]
        assert "01/07/2018" not in html[name]
    assert 'max="2030-01-01"' in html["typed"]
    assert 'type="hidden"' in html["hidden"] and 'value="2018-07-01"' in html["hidden"]


def test_a_date_posted_back_as_rendered_is_read():
    with translation.override("fr"):
        form = Dates(data={"plain": "2018-07-01", "typed": "2018-07-01", "hidden": "2018-07-01"})
        form.fields["late"].required = False
        form.fields["choice"].required = False
        assert form.is_valid(), form.errors
    assert form.cleaned_data["plain"] == form.cleaned_data["typed"] == DAY


def test_fields_added_later_are_styled_too():
    form = Dates()
    rendered = {name: str(form[name]) for name in ("late", "choice", "box")}
    assert 'class="form-control"' in rendered["late"]
    assert 'class="form-select"' in rendered["choice"]
    assert 'class="form-check-input"' in rendered["box"]
