"""The project's form mixin: Bootstrap classes on every widget, so templates stay plain
`{{ field }}`, every date a browser date picker holding an ISO value, and control characters
refused in every text field."""

from django import forms

from .validators import add_text_validator


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Apply the project's widget rules to every field. Run again when the form is
        rendered or cleaned, so that fields a subclass adds or replaces after
        `super().__init__()` get them too (idempotent)."""
        for field in self.fields.values():
            _style_field(field)

    def __getitem__(self, name):
        _style_field(self.fields[name])
        return super().__getitem__(name)

    def __iter__(self):
        self.style_fields()
        return super().__iter__()

    def full_clean(self):
        self.style_fields()
        super().full_clean()
        # Mark invalid fields for assistive technologies and Bootstrap styling.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_errors"


class DateInput(forms.DateInput):
    """A browser date picker; the ISO value it needs whatever the language.

    An `<input type="date">` reads and posts `YYYY-MM-DD` only: a French `01/07/2018` in it
    shows empty and posts empty, and saving the form erased the date. Every date field of a
    form with the mixin gets this widget (see `_style_field`)."""

    input_type = "date"
    ISO = "%Y-%m-%d"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=self.ISO)


def _style_field(field) -> None:
    if isinstance(field, forms.DateField) and type(field.widget) is forms.DateInput:
        # One widget for every date of the project, never the locale's format (a hidden
        # date renders ISO already).
        attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
        field.widget = DateInput(attrs=attrs)
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])
    if isinstance(field, forms.CharField):
        # Each form has its own copies of the fields: this changes no other form (once).
        add_text_validator(field.validators, multiline=isinstance(widget, forms.Textarea))


def add_service_error(form, exc) -> None:
    """Put a service's ValidationError on the form: on its field when the form shows it,
    above the form otherwise, so that no message is lost."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
