"""`{% load french %}`: `{{ hours|hours }}` → `10,00 h`; `{{ value|number:2 }}` → `1 234,50`;
`{{ code|label:"people.Contract.kind" }}` → the code's label (common/formats.py)."""

from django import template
from django.apps import apps

from tremplin.common import formats

register = template.Library()


@register.filter
def hours(value):
    return formats.hours_text(value)


@register.filter
def number(value, decimals=None):
    return formats.french_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def label(value, field_path: str):
    app_model, field = field_path.rsplit(".", 1)
    return formats.choice_label(apps.get_model(app_model), field, value)
