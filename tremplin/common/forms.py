"""The project's form mixin: Bootstrap classes on every widget, so templates stay plain
`{{ field }}`, and control characters refused in every text field."""

from django import forms

from .validators import add_text_validator


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.CharField):
                # Each form has its own copies of the fields: this changes no other form.
                add_text_validator(field.validators, multiline=isinstance(widget, forms.Textarea))

    def full_clean(self):
        super().full_clean()
        # Mark invalid fields for assistive technologies and Bootstrap styling.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_errors"


class DateInput(forms.DateInput):
    """A browser date picker; the ISO value it needs whatever the language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_service_error(form, exc) -> None:
    """Put a service's ValidationError on the form: on its field when the form shows it,
    above the form otherwise, so that no message is lost."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
