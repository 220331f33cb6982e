"""Mission requests after their creation: more weekly slots, closing them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules
from ..models import MissionRequest, RequestSlot, RequestState


@transaction.atomic
def request_slot_add(
    *,
    actor,
    request: MissionRequest,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
) -> RequestSlot:
    rules.require(rules.can_plan(actor, request.structure_id))
    if request.state in (RequestState.DONE, RequestState.CANCELLED):
        raise ValidationError(_("This request is closed."))
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The end comes before the start.")})
    if request.slots.filter(
        weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    ).exists():
        raise ValidationError(_("This slot meets another slot of the request."))
    return RequestSlot.objects.create(
        request=request, weekday=weekday, start_time=start_time, end_time=end_time
    )


@transaction.atomic
def request_extend(
    *, actor, request: MissionRequest, end_date: datetime.date, extra_hours
) -> MissionRequest:
    """Push a request's end further (a recurring service going on), with the hours added."""
    rules.require(rules.can_plan(actor, request.structure_id))
    if request.state in (RequestState.DONE, RequestState.CANCELLED):
        raise ValidationError(_("This request is closed."))
    if end_date <= request.end_date:
        raise ValidationError({"end_date": _("A request is extended past its current end.")})
    request.end_date = end_date
    request.hours += extra_hours
    request.full_clean()
    request.save(update_fields=["end_date", "hours", "updated_at"])
    return request


@transaction.atomic
def request_close(
    *, actor, request: MissionRequest, state: str, on: datetime.date | None = None
) -> MissionRequest:
    """Mark a request done or cancelled. A request with assignments still to come is not
    closed: take them off the week first, so that nobody comes for nothing."""
    rules.require(rules.can_plan(actor, request.structure_id))
    if state not in (RequestState.DONE, RequestState.CANCELLED):
        raise ValidationError(_("A request is closed as done or cancelled."))
    if request.state in (RequestState.DONE, RequestState.CANCELLED):
        raise ValidationError(_("This request is closed."))
    on = on or datetime.date.today()
    coming = request.assignments.filter(date__gt=on).count()
    if coming:
        raise ValidationError(
            _("%(n)s assignments are still to come: take them off the planning first.")
            % {"n": coming}
        )
    request.state = state
    request.save(update_fields=["state", "updated_at"])
    return request
