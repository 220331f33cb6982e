"""The structure's work list, and the table of the legal figures in force."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tremplin.rules import rules_in_force

from .. import selectors
from .persons import _current_structure_id

# --- Work list and rules ---------------------------------------------------------------------


@login_required
def work_list(request):
    structure_id = _current_structure_id(request)
    return render(
        request,
        "people/_work_list.html" if request.htmx else "people/work_list.html",
        {
            "work": selectors.work_list(actor=request.user, structure_id=structure_id),
        },
    )


@login_required
def rules_table(request):
    """The legal figures in force, with their sources: what the software applies."""
    choices = _model_choices()
    rows = [(rule, _value_display(rule.value, choices)) for rule in rules_in_force()]
    return render(request, "people/rules.html", {"rules": rows})


def _model_choices() -> list[dict[str, str]]:
    """Value -> label of each model field's choices: a rule holding codes (the kinds of
    clients exempt from a cap…) shows their labels. Read from the registry, not imported:
    the codes belong to apps above this one."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            labels = {
                value: str(label)
                for value, label in getattr(field, "flatchoices", None) or ()
                if isinstance(value, str) and value
            }
            if labels:
                found.append(labels)
    return found


def _value_display(value, choices: list[dict[str, str]]):
    """A collection of codes as their labels, from the one set of choices that holds them
    all (« household » is a kind of client, and also a kind of account)."""
    if not isinstance(value, list | tuple | set | frozenset):
        return value
    labels = next((c for c in choices if all(item in c for item in value)), {})
    return ", ".join(labels.get(item, str(item)) for item in value)
