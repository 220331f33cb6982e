"""PASS IAE: issue, suspend, prolong (directly or on a prescriber's decision)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.rules import rule

from .. import calculations, rules
from ..calculations import ONE_DAY, PROLONGATION_RULES, age_on, last_day_of_period
from ..models import (
    Approval,
    ContractKind,
    Person,
    Prolongation,
    ProlongationReason,
    ProlongationRequest,
    RequestStatus,
    Suspension,
)
from .eligibility import valid_diagnosis


def suspended_days(approval: Approval) -> int:
    return sum(s.days for s in approval.suspensions.all())


def prolonged_days(approval: Approval) -> int:
    return sum(p.days for p in approval.prolongations.all())


def _recompute_end(approval: Approval) -> Approval:
    approval.end_date = calculations.approval_end_date(
        approval.start_date,
        suspended_days=suspended_days(approval),
        prolonged_days=prolonged_days(approval),
    )
    approval.save(update_fields=["end_date", "updated_at"])
    return approval


@transaction.atomic
def approval_issue(
    *,
    actor,
    person: Person,
    number: str,
    start_date: datetime.date,
    waiting_period_waived_by: str = "",
) -> Approval:
    """Record a PASS IAE: needs a diagnosis valid on the start date, and no PASS of this
    person that expired within the waiting period unless a prescriber waived it."""
    rules.require_writer(actor, person.structure_id)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if valid_diagnosis(person, start_date) is None:
        raise ValidationError(
            {
                "start_date": _("No eligibility diagnosis is valid on %(date)s: record one first.")
                % {"date": short_date(start_date)}
            }
        )
    previous = person.approvals.order_by("-end_date").first()
    if previous is not None:
        if previous.end_date >= start_date:
            raise ValidationError(
                {
                    "start_date": _(
                        "This person's PASS IAE %(number)s runs until %(end)s: no new PASS "
                        "before it ends."
                    )
                    % {"number": previous.number, "end": short_date(previous.end_date)}
                }
            )
        waiting_end = calculations.waiting_period_end(previous.end_date)
        if start_date <= waiting_end and not waiting_period_waived_by.strip():
            message = _(
                "The previous PASS IAE ended on %(end)s: no new PASS before %(free)s unless an "
                "authorised prescriber decides otherwise (name them)."
            ) % {"end": short_date(previous.end_date), "free": short_date(waiting_end + ONE_DAY)}
            raise ValidationError({"start_date": ValidationError(message, code="waiting_period")})
    approval = Approval(
        person=person,
        number=number.strip().upper(),
        start_date=start_date,
        end_date=calculations.approval_end_date(start_date),
        waiting_period_waived_by=waiting_period_waived_by.strip(),
        created_by=actor,
    )
    approval._history_user = actor
    approval.full_clean()
    approval.save()
    return approval


@transaction.atomic
def suspension_create(
    *, actor, approval: Approval, start_date: datetime.date, end_date: datetime.date, reason: str
) -> Suspension:
    """A suspension decided by the structure: within the PASS, at most 36 months, never
    overlapping another one; it moves the end date by its length."""
    person = approval.person
    rules.require_writer(actor, person.structure_id)
    approval = Approval.objects.select_for_update().get(pk=approval.pk)  # serialises suspensions
    errors = {}
    if end_date < start_date:
        errors["end_date"] = _("The end comes before the start.")
    elif end_date > calculations.suspension_max_end(start_date):
        errors["end_date"] = _(
            "A suspension lasts at most %(months)s months: it must end by %(max)s."
        ) % {
            "months": rule("pass.suspension_max_months", start_date),
            "max": short_date(calculations.suspension_max_end(start_date)),
        }
    if not approval.start_date <= start_date <= approval.end_date:
        errors["start_date"] = _(
            "A suspension starts while the PASS IAE runs (%(start)s to %(end)s)."
        ) % {
            "start": short_date(approval.start_date),
            "end": short_date(approval.end_date),
        }
    overlapping = approval.suspensions.filter(
        start_date__lte=end_date, end_date__gte=start_date
    ).first()
    if overlapping:
        errors["start_date"] = _("It overlaps the suspension from %(start)s to %(end)s.") % {
            "start": short_date(overlapping.start_date),
            "end": short_date(overlapping.end_date),
        }
    if errors:
        raise ValidationError(errors)
    suspension = Suspension(
        approval=approval,
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        structure_id=person.structure_id,
        created_by=actor,
    )
    suspension.full_clean()
    suspension.save()
    _recompute_end(approval)
    return suspension


def _check_prolongation(
    approval: Approval, reason: str, end_date: datetime.date, on: datetime.date
):
    """The conditions of R5132-1-8 for a prolongation ending on end_date."""
    person = approval.person
    structure_kind = person.structure.kind
    rule_ = PROLONGATION_RULES[ProlongationReason(reason)]
    start = approval.end_date + ONE_DAY
    if end_date < start:
        raise ValidationError(
            {
                "end_date": _("A prolongation starts the day after the PASS ends (%(day)s).")
                % {"day": short_date(start)}
            }
        )
    per_decision = rule("pass.prolongation_months_per_decision", on)
    if end_date > last_day_of_period(start, months=per_decision):
        raise ValidationError(
            {
                "end_date": _("One decision prolongs by %(months)s months at most: by %(max)s.")
                % {
                    "months": per_decision,
                    "max": short_date(last_day_of_period(start, months=per_decision)),
                }
            }
        )
    if rule_.structure_kinds and structure_kind not in rule_.structure_kinds:
        raise ValidationError(
            {
                "reason": _("This reason is open to %(kinds)s only.")
                % {"kinds": ", ".join(rule_.structure_kinds)}
            }
        )
    age = age_on(person.birth_date, on)
    if reason == ProlongationReason.SENIOR and age < rule("pass.prolongation_senior_age", on):
        raise ValidationError(
            {
                "reason": _("The person is %(age)s: this reason is for people aged 50 or over.")
                % {"age": age}
            }
        )
    if reason == ProlongationReason.RQTH and not person.rqth:
        raise ValidationError({"reason": _("The person's file shows no RQTH.")})
    if reason == ProlongationReason.CDI_57:
        cdi = (
            person.contracts.filter(kind=ContractKind.CDI_INCLUSION).order_by("-start_date").first()
        )
        if cdi is None or age_on(person.birth_date, cdi.start_date) < rule(
            "pass.prolongation_cdi_age", on
        ):
            raise ValidationError(
                {"reason": _("This reason needs a CDI inclusion signed at 57 or over.")}
            )
        if cdi.actual_end_date and end_date > cdi.actual_end_date:
            raise ValidationError(
                {
                    "end_date": _("The prolongation cannot go past the contract's end (%(end)s).")
                    % {"end": short_date(cdi.actual_end_date)}
                }
            )
    if reason == ProlongationReason.TRAINING:
        training = (
            person.actions.filter(kind="training", start_date__lte=approval.end_date)
            .filter(end_date__gt=approval.end_date)
            .order_by("-end_date")
            .first()
        )
        if training is None:
            raise ValidationError(
                {
                    "reason": _(
                        "No training under way at the PASS's end is recorded (add it as an action)."
                    )
                }
            )
        if end_date > training.end_date:
            raise ValidationError(
                {
                    "end_date": _("The prolongation cannot go past the training's end (%(end)s).")
                    % {"end": short_date(training.end_date)}
                }
            )
    if rule_.cap_key:
        cap = rule(rule_.cap_key, on)
        cap_end = calculations.path_cap_end(approval.start_date, cap, suspended_days(approval))
        if end_date > cap_end:
            message = _(
                "With this reason the whole path lasts at most %(months)s months: the PASS cannot "
                "go past %(max)s."
            ) % {"months": cap, "max": short_date(cap_end)}
            raise ValidationError({"end_date": ValidationError(message, code="cap")})
    return rule_


@transaction.atomic
def prolongation_create(
    *,
    actor,
    approval: Approval,
    reason: str,
    end_date: datetime.date,
    decided_by: str,
    request: ProlongationRequest | None = None,
    on: datetime.date | None = None,
) -> Prolongation:
    """A prolongation the structure decides (CDI at 57, training), or the carrying out of a
    prescriber's accepted request (50+, RQTH, particular difficulties)."""
    rules.require_writer(actor, approval.person.structure_id)
    approval = (
        Approval.objects.select_for_update().select_related("person__structure").get(pk=approval.pk)
    )
    on = on or datetime.date.today()
    rule_ = _check_prolongation(approval, reason, end_date, on)
    if rule_.decided_by_prescriber and (
        request is None or request.status != RequestStatus.ACCEPTED
    ):
        raise ValidationError(
            {
                "reason": _(
                    "A prescriber decides this prolongation: record the request and "
                    "its decision first."
                )
            }
        )
    prolongation = Prolongation(
        approval=approval,
        reason=reason,
        start_date=approval.end_date + ONE_DAY,
        end_date=end_date,
        decided_by=decided_by,
        request=request,
        created_by=actor,
    )
    prolongation.full_clean()
    prolongation.save()
    _recompute_end(approval)
    return prolongation


@transaction.atomic
def prolongation_request_create(
    *,
    actor,
    approval: Approval,
    reason: str,
    end_date: datetime.date,
    prescriber: str,
    requested_on: datetime.date,
) -> ProlongationRequest:
    rules.require_writer(actor, approval.person.structure_id)
    if not PROLONGATION_RULES[ProlongationReason(reason)].decided_by_prescriber:
        raise ValidationError(
            {"reason": _("The structure decides this prolongation itself: no request needed.")}
        )
    _check_prolongation(approval, reason, end_date, requested_on)
    request = ProlongationRequest(
        approval=approval,
        reason=reason,
        end_date=end_date,
        prescriber=prescriber,
        requested_on=requested_on,
        created_by=actor,
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def prolongation_request_decide(
    *,
    actor,
    request: ProlongationRequest,
    accepted: bool,
    decided_on: datetime.date,
    note: str = "",
) -> ProlongationRequest:
    """Record the prescriber's answer; an acceptance prolongs the PASS at once."""
    rules.require_writer(actor, request.approval.person.structure_id)
    request = ProlongationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request was decided already."))
    request.status = RequestStatus.ACCEPTED if accepted else RequestStatus.REFUSED
    request.decided_on, request.decision_note = decided_on, note
    request.save()
    if accepted:
        prolongation_create(
            actor=actor,
            approval=request.approval,
            reason=request.reason,
            end_date=request.end_date,
            decided_by=request.prescriber,
            request=request,
            on=decided_on,
        )
    return request


def approval_state(approval: Approval, on: datetime.date) -> str:
    if on < approval.start_date:
        return "future"
    if on > approval.end_date:
        return "expired"
    if any(s.start_date <= on <= s.end_date for s in approval.suspensions.all()):
        return "suspended"
    return "valid"


def approval_valid_on(person: Person, on: datetime.date) -> Approval | None:
    return person.approvals.filter(start_date__lte=on, end_date__gte=on).first()
