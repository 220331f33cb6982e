"""The payroll CSV goes through tremplin.common.spreadsheets: names neutralised, hours typed."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from tremplin.missions.models import TimeEntry
from tremplin.people.models import Person

from .conftest import START, make_client


def test_payroll_neutralises_a_formula_name_and_keeps_the_hours_a_number(world, client, employee):
    Person.objects.filter(pk=employee.pk).update(last_name='=HYPERLINK("http://x")')
    TimeEntry.objects.create(
        structure=world.own,
        person=employee,
        client=make_client(world),
        date=START,
        hours=Decimal("3.5"),
        status="validated",
        entered_by=world.user("planner"),
    )
    client.force_login(world.user("accountant"))
    response = client.get(reverse("missions:payroll_export"), {"month": f"{START:%Y-%m}"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["mois", "nom", "prenoms"]
    [row] = rows[1:]
    assert row[1] == '\'=HYPERLINK("http://x")' and row[-1] == "3,50"
