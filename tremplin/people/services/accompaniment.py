"""Accompaniment: interviews, barriers and their timeline, actions, the commitment contract."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules
from ..models import (
    Action,
    Barrier,
    BarrierStatus,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Interview,
    Person,
)


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def interview_create(
    *, actor, person: Person, date: datetime.date, kind: str, notes: str = ""
) -> Interview:
    rules.require_writer(actor, person.structure_id)
    return _save(
        Interview(person=person, date=date, kind=kind, notes=notes or None, conseiller=actor)
    )


@transaction.atomic
def barrier_create(
    *, actor, person: Person, category: str, identified_on: datetime.date, notes: str = ""
) -> Barrier:
    rules.require_writer(actor, person.structure_id)
    # The category is encrypted: compared in Python, among the person's few barriers.
    open_categories = person.barriers.exclude(status=BarrierStatus.LIFTED).values_list(
        "category", flat=True
    )
    if category in set(open_categories):
        raise ValidationError(
            {"category": _("This barrier is already being worked on: update its status.")}
        )
    barrier = _save(
        Barrier(person=person, category=category, identified_on=identified_on, notes=notes or None)
    )
    BarrierStatusChange.objects.create(
        barrier=barrier, status=BarrierStatus.IDENTIFIED, date=identified_on, by=actor
    )
    return barrier


@transaction.atomic
def barrier_status_change(
    *, actor, barrier: Barrier, status: str, date: datetime.date, note: str = ""
) -> Barrier:
    """identified → in progress → lifted; the timeline keeps every step."""
    rules.require_writer(actor, barrier.person.structure_id)
    barrier = Barrier.objects.select_for_update().get(pk=barrier.pk)
    order = list(BarrierStatus.values)
    if order.index(status) <= order.index(barrier.status):
        raise ValidationError(
            {"status": _("A barrier moves forward: identified, in progress, then lifted.")}
        )
    last = barrier.changes.order_by("-date").first()
    if last and date < last.date:
        raise ValidationError({"date": _("This step cannot come before the previous one.")})
    BarrierStatusChange.objects.create(
        barrier=barrier, status=status, date=date, note=note, by=actor
    )
    barrier.status = status
    barrier.save(update_fields=["status", "updated_at"])
    return barrier


@transaction.atomic
def action_create(
    *,
    actor,
    person: Person,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    partner: str = "",
    barrier: Barrier | None = None,
) -> Action:
    rules.require_writer(actor, person.structure_id)
    if barrier is not None and barrier.person_id != person.pk:
        raise ValidationError({"barrier": _("This barrier is another person's.")})
    return _save(
        Action(
            person=person,
            kind=kind,
            title=title,
            start_date=start_date,
            end_date=end_date,
            partner=partner,
            barrier=barrier,
        )
    )


@transaction.atomic
def training_action_save(
    *,
    person: Person,
    title: str,
    partner: str,
    start_date: datetime.date,
    end_date: datetime.date,
    action: Action | None = None,
) -> Action:
    """The training action the federation's training service records on a path when the
    person's structure registers them for a session (or the session's dates move): the
    training app checks its own gate (the registering structure's staff) before calling."""
    action = action or Action(person=person, kind="training")
    values = {"title": title, "partner": partner, "start_date": start_date, "end_date": end_date}
    if action.pk and all(getattr(action, k) == v for k, v in values.items()):
        return action
    for name, value in values.items():
        setattr(action, name, value)
    return _save(action)


@transaction.atomic
def training_action_withdraw(*, action: Action, on: datetime.date) -> None:
    """The registration is cancelled on `on`: a training not yet started is removed from
    the path; one under way ends the day before (so no rule reads it as under way after)."""
    if on <= action.start_date:
        action.delete()
        return
    action.end_date = min(action.end_date or on, on - datetime.timedelta(days=1))
    _save(action)


@transaction.atomic
def commitment_create(
    *, actor, person: Person, signed_on: datetime.date, goals: str, structure_commitments: str = ""
) -> CommitmentContract:
    rules.require_writer(actor, person.structure_id)
    return _save(
        CommitmentContract(
            person=person,
            signed_on=signed_on,
            goals=goals,
            structure_commitments=structure_commitments,
        )
    )


@transaction.atomic
def commitment_review_add(
    *, actor, commitment: CommitmentContract, date: datetime.date, notes: str
) -> CommitmentReview:
    rules.require_writer(actor, commitment.person.structure_id)
    if date < commitment.signed_on:
        raise ValidationError({"date": _("A review comes after the contract's signature.")})
    return _save(CommitmentReview(commitment=commitment, date=date, notes=notes))
