"""The structure's work list, and the table of the legal figures in force."""

from __future__ import annotations

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
    return render(request, "people/rules.html", {"rules": rules_in_force()})
