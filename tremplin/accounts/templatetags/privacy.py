"""Templates read personal fields through the policy in their context (`policy`):

    {% reveal barrier "category" %}        the label, « confidentiel », or nothing
    {% shows person "rqth" as show_rqth %}  may the page show this field at all?

A template without a `policy` shows nothing personal through these tags (fail closed)."""

from django import template

from tremplin.accounts.privacy import NOTHING

register = template.Library()


def _policy(context):
    return context.get("policy") or NOTHING


@register.simple_tag(takes_context=True)
def reveal(context, obj, field):
    return _policy(context).display(obj, field) if obj is not None else ""


@register.simple_tag(takes_context=True)
def shows(context, obj, field):
    return obj is not None and _policy(context).shows_in(obj, field)
