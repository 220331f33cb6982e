"""« To reassign »: the slots an exit or a contract's early end left empty, for the planners
(a page, and the same list on their home, loaded by htmx), each with a link to assign it
again on its request's page, or let go."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.selectors import current_membership

from .. import rules, selectors
from ..models import CancelledAssignment
from ..services.reassignments import cancelled_assignment_dismiss
from .common import _get, _structure


@login_required
def reassign_list(request):
    if request.htmx:
        # On the home of every staff role: nothing for those who do not plan.
        membership = current_membership(request)
        if membership is None or not rules.can_plan(request.user, membership.structure_id):
            return HttpResponse("")
    structure = _structure(request)
    rules.require(rules.can_plan(request.user, structure.pk))
    rows = list(
        selectors.to_reassign(
            actor=request.user, structure_id=structure.pk, today=timezone.localdate()
        )
    )
    if request.htmx and not rows:
        return HttpResponse("")
    return render(
        request,
        "missions/_to_reassign.html" if request.htmx else "missions/to_reassign.html",
        {"rows": rows},
    )


@login_required
def reassign_dismiss(request, pk):
    if request.method != "POST":
        raise Http404
    record = _get(CancelledAssignment.objects.for_user(request.user), pk)
    try:
        cancelled_assignment_dismiss(actor=request.user, record=record)
        messages.success(request, _("The slot was let go."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("missions:reassign_list")
