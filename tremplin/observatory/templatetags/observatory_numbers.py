"""`{{ value|fr_number }}`, `{{ value|fr_number:0 }}`: observatory.numbers in templates."""

from django import template

from ..numbers import fr_number as _fr_number

register = template.Library()


@register.filter
def fr_number(value, places=None):
    return _fr_number(value, None if places in (None, "") else int(places))
