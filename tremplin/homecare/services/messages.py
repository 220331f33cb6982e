"""A household's message to its structure: stored, shown to the staff, and announced to
them by e-mail after commit (on the queue, once per message)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.common import jobs

from .. import rules_households as rules
from ..models import Household, HouseholdMessage, OccurrenceStatus

MESSAGE_MAX_LENGTH = 2000
# Who hears of a household's message: the people who plan its interventions.
NOTIFIED_ROLES = (StructureRole.DIRECTOR, StructureRole.PLANNER)


@transaction.atomic
def household_message_send(*, actor, household: Household, body: str) -> HouseholdMessage:
    if not rules.is_household_of(actor, household):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your message before sending it.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("A message holds at most %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH}}
        )
    message = HouseholdMessage.objects.create(household=household, author=actor, body=body)
    from ..tasks_households import household_message_notify_task

    jobs.enqueue(household_message_notify_task, message.pk)
    return message


@transaction.atomic
def household_message_mark_read(*, actor, message: HouseholdMessage) -> HouseholdMessage:
    rules.require(rules.can_plan(actor, message.household.structure_id))
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def household_message_notify(*, message_id: int) -> int:
    """The e-mail to the structure's planners and director; the message itself stays in
    the application (the e-mail names the household, not what they wrote)."""
    message = (
        HouseholdMessage.objects.select_related("household__client", "household__structure")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    household = message.household
    recipients = sorted(
        StructureMembership.objects.filter(
            structure_id=household.structure_id, role__in=NOTIFIED_ROLES
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    send_mail(
        _("A message from the household %(name)s") % {"name": household.client.name},
        _(
            "Hello,\n\nThe household %(name)s has written to %(structure)s. Read the message "
            "in the household's file.\n"
        )
        % {"name": household.client.name, "structure": household.structure.name},
        None,
        recipients,
    )
    return len(recipients)


def occurrence_change_ask(*, actor, occurrence, wish: str) -> HouseholdMessage:
    """The household asks for another time for one of their coming dates: a message to the
    structure naming the date, which the planners see in the household's file (the planner
    moves the date, or calls back)."""
    household = occurrence.pattern.household
    if not rules.is_household_of(actor, household):
        raise PermissionDenied
    if occurrence.status not in (OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE):
        raise ValidationError(_("This intervention is not planned: there is nothing to move."))
    assignment = occurrence.assignment
    day = assignment.date if assignment else occurrence.date
    start = assignment.start_time if assignment else occurrence.pattern.start_time
    end = assignment.end_time if assignment else occurrence.pattern.end_time
    if day < timezone.localdate():
        raise ValidationError(_("This intervention is past: it can no longer be moved."))
    wish = (wish or "").strip()
    if not wish:
        raise ValidationError({"wish": _("Say which day or time would suit you better.")})
    body = _(
        "Request for another time for the intervention of %(day)s, %(start)s–%(end)s "
        "(%(service)s): %(wish)s"
    ) % {
        "day": date_format(day, "l j F Y"),
        "start": time_format(start, "H:i"),
        "end": time_format(end, "H:i"),
        "service": occurrence.pattern.service.name,
        "wish": wish,
    }
    return household_message_send(actor=actor, household=household, body=body[:MESSAGE_MAX_LENGTH])
