"""Mission pages that name employees go to the access log: the week grid, the hours of a
month, the payroll file, the time-entry API."""

import datetime
from decimal import Decimal

from django.urls import reverse

from tremplin.missions.models import Assignment, TimeEntry
from tremplin.people.models import AccessEvent

from .conftest import START, make_client, make_request


def test_week_hours_payroll_and_api_are_logged(world, client, employee):
    mission = make_request(world, make_client(world, "company"))
    Assignment.objects.create(
        request=mission,
        person=employee,
        date=START,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        hours=Decimal(4),
    )
    TimeEntry.objects.create(
        structure=world.own,
        person=employee,
        client=mission.client,
        date=START,
        hours=Decimal(4),
        status="validated",
    )
    client.force_login(world.user("director"))
    client.get(reverse("missions:week"), {"semaine": START.isoformat()})
    client.get(reverse("missions:hours"), {"month": "2025-01"})
    client.get(reverse("missions:payroll_export"), {"month": "2025-01"})
    client.get(reverse("api:time-entry-list"))
    rows = {e.route: (e.kind, e.person_ids) for e in AccessEvent.objects.all()}
    assert rows == {
        "missions:week": ("list", [employee.pk]),
        "missions:hours": ("list", [employee.pk]),
        "missions:payroll_export": ("export", [employee.pk]),
        "api:time-entry-list": ("api", [employee.pk]),
    }
