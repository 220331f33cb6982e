"""The assignments an exit or a contract's early end cancelled, for the planners to give to
someone else: recorded as they are cancelled, the planners told once after commit, closed
when the slot is assigned again (by any path: the request's page, the week's proposal, the
API) or when a planner lets it go."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.common import jobs
from tremplin.common.dates import short_date
from tremplin.people.services.later_work import CancelReason

from .. import rules
from ..models import Assignment, CancelledAssignment, ClientKind


def cancelled_assignments_record(
    *, actor, assignments: list[Assignment], reason: CancelReason
) -> list[CancelledAssignment]:
    """Keep what the planners need of each assignment about to be deleted, and queue their
    notice (after commit: nothing is sent if the exit is rolled back)."""
    if not assignments:
        return []
    records = CancelledAssignment.objects.bulk_create(
        [
            CancelledAssignment(
                request_id=a.request_id,
                person_id=a.person_id,
                date=a.date,
                start_time=a.start_time,
                end_time=a.end_time,
                reason=reason,
                cancelled_by=actor,
            )
            for a in assignments
        ]
    )
    from ..tasks import reassign_notice_task

    jobs.enqueue(reassign_notice_task, sorted(r.pk for r in records))
    return records


def cancelled_assignment_reassigned(*, assignment: Assignment) -> CancelledAssignment | None:
    """A new assignment on a request's day at times that meet a cancelled one's takes its
    place: the first such open record is closed (one per new assignment: two people
    cancelled on one slot need two people again)."""
    record = (
        CancelledAssignment.objects.open()
        .select_for_update()
        .filter(
            request_id=assignment.request_id,
            date=assignment.date,
            start_time__lt=assignment.end_time,
            end_time__gt=assignment.start_time,
        )
        .order_by("pk")
        .first()
    )
    if record is None:
        return None
    record.closed_at, record.closed_by = timezone.now(), assignment.created_by
    record.reassigned_to = assignment
    record.save(update_fields=["closed_at", "closed_by", "reassigned_to", "updated_at"])
    return record


@transaction.atomic
def cancelled_assignment_dismiss(*, actor, record: CancelledAssignment) -> None:
    """A planner lets a cancelled slot go (the client no longer needs it…)."""
    record = CancelledAssignment.objects.select_for_update(of=("self",)).get(pk=record.pk)
    rules.require(rules.can_plan(actor, record.request.structure_id))
    if record.closed_at is not None:
        raise ValidationError(_("This slot was dealt with already."))
    record.closed_at, record.closed_by = timezone.now(), actor
    record.save(update_fields=["closed_at", "closed_by", "updated_at"])


def _recipients(structure_id: int) -> list[str]:
    """The structure's planners; without any, its directors (who plan then)."""
    for roles in ([StructureRole.PLANNER], [StructureRole.DIRECTOR]):
        emails = sorted(
            StructureMembership.objects.filter(
                structure_id=structure_id, role__in=roles, user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
            .distinct()
        )
        if emails:
            return emails
    return []


def _notice_client(client) -> str:
    """A company by its name; a household is a private person, whose name stays behind the
    login like the employee's: the e-mail says where instead."""
    if client.kind == ClientKind.HOUSEHOLD:
        return _("a household in %(commune)s") % {"commune": client.commune.name}
    return client.name


def reassign_notice_send(*, record_ids: list[int]) -> int:
    """Tell the structure's planners which slots to reassign (the day, the times, the
    client; the person's name stays on the page, behind the login). Returns the number of
    recipients; the job's key makes a second run send nothing."""
    records = list(
        CancelledAssignment.objects.open()
        .filter(pk__in=record_ids)
        .select_related("request__client__commune", "request__structure")
        .order_by("date", "start_time", "pk")
    )
    if not records:
        return 0
    structure = records[0].request.structure
    recipients = _recipients(structure.pk)
    if not recipients:
        return 0
    lines = "\n".join(
        _("- %(day)s from %(start)s to %(end)s, %(client)s")
        % {
            "day": short_date(r.date),
            "start": r.start_time.strftime("%H:%M"),
            "end": r.end_time.strftime("%H:%M"),
            "client": _notice_client(r.request.client),
        }
        for r in records
    )
    url = settings.SITE_URL.rstrip("/") + reverse("missions:reassign_list")
    send_mail(
        ngettext(
            "%(structure)s: %(n)s assignment to reassign",
            "%(structure)s: %(n)s assignments to reassign",
            len(records),
        )
        % {"structure": structure.name, "n": len(records)},
        _(
            "Hello,\n\nAn exit or a contract's early end cancelled these assignments:\n"
            "%(lines)s\n\nGive them to someone else from the page « To reassign »: %(url)s\n"
        )
        % {"lines": lines, "url": url},
        None,
        recipients,
    )
    return len(recipients)
