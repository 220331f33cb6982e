"""When the usual intervenant is away: their interventions of those days are taken off the
planning, and the planner picks a replacement among proposals ranked by continuity with
the household (a usual intervenant first, then who came most this past year), then by the
distance from their commune to the household's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.missions import rules as mission_rules
from tremplin.missions.models import Assignment
from tremplin.missions.planner.feasibility import haversine_km
from tremplin.missions.selectors import people_to_plan
from tremplin.missions.services.assignments import assignment_release, check_assignment
from tremplin.people.models import Person

from ..models import Absence, Occurrence, OccurrenceStatus
from .recurring_changes import occurrence_move

CONTINUITY_DAYS = 365  # how far back the visits to the household count


@transaction.atomic
def absence_record(
    *, actor, person: Person, starts_on: datetime.date, ends_on: datetime.date
) -> tuple[Absence, list[Occurrence]]:
    """Record an absence; its interventions still to come become « to place »."""
    mission_rules.require(mission_rules.can_plan(actor, person.structure_id))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    absence = Absence.objects.create(
        structure_id=person.structure_id,
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    now = timezone.localtime()
    freed = []
    rows = (
        Occurrence.objects.select_for_update(of=("self",))
        .filter(
            status=OccurrenceStatus.PLANNED,
            assignment__person=person,
            assignment__date__range=(max(starts_on, now.date()), ends_on),
            assignment__time_entries__isnull=True,
        )
        .select_related("assignment")
        .order_by("date")
    )
    for occurrence in rows:
        assignment_release(assignment=occurrence.assignment)
        occurrence.assignment = None
        occurrence.status = OccurrenceStatus.TO_PLACE
        occurrence.problem = _("%(name)s is absent that day.") % {"name": person.full_name}
        occurrence.save(update_fields=["assignment", "status", "problem", "updated_at"])
        freed.append(occurrence)
    return absence, freed


@dataclass(frozen=True)
class Proposal:
    person: Person
    usual: bool
    visits: int  # assignments at the household these past CONTINUITY_DAYS
    km: int | None


def replacement_proposals(*, actor, occurrence: Occurrence, limit: int = 10) -> list[Proposal]:
    """Who could come instead, every missions check passed for that day and time."""
    pattern = occurrence.pattern
    mission_rules.require(mission_rules.can_plan(actor, pattern.structure_id))
    request = pattern.request
    day = occurrence.date
    away = set(
        Absence.objects.filter(
            structure_id=pattern.structure_id, starts_on__lte=day, ends_on__gte=day
        ).values_list("person_id", flat=True)
    )
    people = [
        p
        for p in people_to_plan(actor=actor, mission=request, today=day).select_related(
            "commune", "structure"
        )
        if p.pk not in away
    ]
    since = day - datetime.timedelta(days=CONTINUITY_DAYS)
    visits = dict(
        Assignment.objects.filter(
            request__client_id=pattern.household.client_id,
            person__in=[p.pk for p in people],
            date__range=(since, day),
        )
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    usual = set(pattern.household.usual_intervenants.values_list("pk", flat=True))
    if pattern.person_id:
        usual.add(pattern.person_id)
    place = pattern.household.client.commune
    proposals = []
    for person in people:
        try:
            check_assignment(
                request=request,
                person=person,
                day=day,
                start=pattern.start_time,
                end=pattern.end_time,
            )
        except ValidationError:
            continue
        proposals.append(
            Proposal(person, person.pk in usual, visits.get(person.pk, 0), _km(person, place))
        )
    proposals.sort(
        key=lambda p: (not p.usual, -p.visits, p.km if p.km is not None else 10**6, p.person.pk)
    )
    return proposals[:limit]


def _km(person: Person, place) -> int | None:
    home = person.commune
    if home is None or home.latitude is None or place.latitude is None:
        return None
    return round(haversine_km(home.latitude, home.longitude, place.latitude, place.longitude))


def occurrence_replace(*, actor, occurrence: Occurrence, person: Person) -> Occurrence:
    """Give the date, at its usual times, to `person` (through the missions checks)."""
    pattern = occurrence.pattern
    return occurrence_move(
        actor=actor,
        occurrence=occurrence,
        day=occurrence.date,
        start=pattern.start_time,
        end=pattern.end_time,
        person=person,
    )
