"""The access log: one row per request (and structure) that read personal data, and its
reads for the director.

How reads reach it: every personal queryset from `for_user` notes the rows it hands out in
the request's collector (`accounts.tenancy`, `common.reads`); `AccessLogMiddleware` opens
the collector around the view and writes what was read in one INSERT when the response is
done — for a streamed export, when its last row has been sent, so the log holds the
people actually sent. A request that read people of two structures writes one row per
structure (a director sees their own structure's part only). Query strings are not kept:
a search for a name is itself personal data.

Writing the log never breaks the request: a failure is logged as a warning.
"""

from __future__ import annotations

import datetime
import logging

from django.db.models import QuerySet
from django.utils import timezone

from tremplin.common import reads

from .models import AccessEvent, AccessKind, Person

logger = logging.getLogger(__name__)


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        collector = reads.Reads()
        with reads.collecting(collector):
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _streamed(
                response.streaming_content, collector, request, response
            )
        else:
            record(request, response, collector)
        return response


def _streamed(content, collector, request, response):
    """The body, each chunk produced with the request's collector active; the row is
    written when the stream ends or is closed (a client that went away mid-file)."""
    iterator = iter(content)
    try:
        while True:
            with reads.collecting(collector):
                try:
                    chunk = next(iterator)
                except StopIteration:
                    break
            yield chunk
    finally:
        record(request, response, collector)


def _kind(request, response, people: int) -> str:
    match = request.resolver_match
    if match is not None and match.namespace == "api":
        return AccessKind.API
    if "attachment" in response.get("Content-Disposition", ""):
        if response.get("Content-Type", "").startswith("application/pdf"):
            return AccessKind.DOCUMENT
        return AccessKind.EXPORT
    if match is not None and "pk" in match.kwargs and people <= 1:
        return AccessKind.FILE
    return AccessKind.LIST


def _resolve(collector: reads.Reads) -> None:
    """Persons and structures the rows did not carry: one query per kind of row, then one
    for the structures of people read through another table."""
    for (model, person_path, tenant_path), pks in collector.pending.items():
        columns = [column for column in (person_path, tenant_path) if column]
        for values in model._base_manager.filter(pk__in=pks).values_list(*columns):
            if person_path:
                if values[0] is not None:
                    collector.add_person(values[0], values[1])
            elif values[0] is not None:
                collector.structures.add(values[0])
    collector.pending.clear()
    unknown = [pk for pk, structure in collector.people.items() if structure is None]
    if unknown:
        collector.people.update(
            Person._base_manager.filter(pk__in=unknown).values_list("pk", "structure_id")
        )


def events_of(request, response, collector: reads.Reads) -> list[AccessEvent]:
    _resolve(collector)
    by_structure: dict[int, list[int]] = {sid: [] for sid in collector.structures}
    for person_id, structure_id in collector.people.items():
        if structure_id is not None:
            by_structure.setdefault(structure_id, []).append(person_id)
    match = request.resolver_match
    route = (match.view_name if match is not None else "")[:80]
    at = timezone.now()
    return [
        AccessEvent(
            user=request.user,
            structure_id=structure_id,
            at=at,
            route=route,
            kind=_kind(request, response, len(ids)),
            context=collector.context[:40],
            people=len(ids),
            person_ids=sorted(ids),
        )
        for structure_id, ids in sorted(by_structure.items())
    ]


def record(request, response, collector: reads.Reads) -> None:
    user = getattr(request, "user", None)
    if not collector or user is None or not user.is_authenticated:
        return
    try:
        AccessEvent.objects.bulk_create(events_of(request, response, collector))
    except Exception:
        # The answer is already made: refusing it now would not undo the read. Say it loud.
        logger.warning(
            "Access log not written for %s (%s people)",
            request.path,
            len(collector.people),
            exc_info=True,
        )


# --- Reading the log (the director: rules.can_read_access_log) ---------------------------


def person_access_events(*, person: Person) -> QuerySet[AccessEvent]:
    """Who read this person's data, when, in which page."""
    return (
        AccessEvent.objects.filter(structure_id=person.structure_id)
        .about(person.pk)
        .select_related("user")
        .order_by("-at", "-pk")
    )


def structure_access_events(
    *,
    structure_id: int,
    user_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.filter(structure_id=structure_id).select_related("user")
    if user_id:
        events = events.filter(user_id=user_id)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-pk")
