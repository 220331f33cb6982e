"""The recurring part of the demo: a year of interventions for the demo households, booked
through the service (holidays skipped, hours entered), a date to replace, one cancelled."""

from tremplin.homecare.models import Absence, OccurrenceStatus, RecurringPattern
from tremplin.homecare.parts import demo_recurring
from tremplin.missions.models import Assignment, TimeEntry

from .recurring_builders import DAY, hire, make_household, make_service


def test_the_demo_plans_a_year_for_the_demo_households(world, today):
    make_service(world)
    households = [make_household(world, name=f"Foyer {i}") for i in range(3)]
    people = [hire(world, today, last_name=f"Demo{i}", number=f"99999000002{i}") for i in range(3)]
    for household, person in zip(households, people, strict=True):
        household.usual_intervenants.add(person)
    counts = demo_recurring.seed(structures=[world.own], seed=7, today=today)
    assert counts["recurring_patterns"] == 3
    patterns = RecurringPattern.objects.all()
    assert {p.person_id for p in patterns} == {p.pk for p in people}
    # The contracts began 60 days ago: the patterns start then and run 8 weeks ahead.
    assert {p.starts_on for p in patterns} == {today - 60 * DAY}
    dates = [o for p in patterns for o in p.occurrences.all()]
    assert counts["recurring_dates"] == len(dates) > 20
    planned = [o for o in dates if o.status == OccurrenceStatus.PLANNED]
    assert all(o.assignment_id for o in planned)
    assert Assignment.objects.count() == len(planned)
    past = [o for o in planned if o.date < today - 10 * DAY]
    entered = TimeEntry.objects.filter(assignment__in=[o.assignment_id for o in past])
    assert entered.count() == len(past) and {e.status for e in entered} == {"validated"}
    assert Absence.objects.count() == 1
    statuses = {o.status for o in dates}
    assert OccurrenceStatus.TO_PLACE in statuses and OccurrenceStatus.CANCELLED in statuses
