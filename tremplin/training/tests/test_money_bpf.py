import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.common.formats import french_number
from tremplin.common.testing import assert_query_count
from tremplin.training import bpf
from tremplin.training.models import Attendance, Funding, TrainingInvoiceLine
from tremplin.training.services import money

from .money_builders import (
    attend,
    make_course,
    make_session,
    register_employee,
    register_staff,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


def _hours(registrations) -> Decimal:
    """Hours-trainee from the records: each present half-day's hours, counted here."""
    total = Decimal(0)
    for row in Attendance.objects.filter(
        registration__in=registrations, presence="present", half_day__date__year=YEAR
    ).select_related("half_day"):
        total += row.half_day.hours
    return total


@pytest.fixture
def records(world):
    fed = world.user("federation")
    staff_course = make_course("accueil", price="600.00")
    cert_course = make_course("cqp", price="900.00", certification_codes="RNCP12345")
    march = make_session(staff_course, datetime.date(YEAR, 3, 2), days=2)
    june = make_session(cert_course, datetime.date(YEAR, 6, 1))
    anne = register_staff(march, world.own)
    lea = register_employee(world, march, world.own)
    paul = register_employee(world, june, world.other, last="Petit", first="Paul")
    absent = register_staff(june, world.other, first="Rémi", last="Absent")
    attend(anne)
    attend(lea, absent=(0, 3))
    attend(paul, absent=(1,))
    attend(absent, absent=(0, 1))  # registered, never came: no trainee
    for registration, funder, name, amount in (
        (anne, "opco", "Uniformation", "400.00"),
        (lea, "pic_iae", "", "600.00"),
        (paul, "opco", "Akto", "300.00"),
        (paul, "other", "Région Bretagne", "200.00"),
    ):
        money.funding_add(
            actor=fed,
            registration=registration,
            funder=funder,
            funder_name=name,
            amount=Decimal(amount),
        )
    issued = []
    for structure in (world.own, world.other):
        invoice = money.training_invoice_draft(actor=fed, structure_id=structure.pk)
        issued.append(
            money.training_invoice_issue(
                actor=fed, invoice=invoice, issued_on=datetime.date(YEAR, 7, 1)
            )
        )
    # A credit note of Rémi's line: he never came.
    line = issued[1].lines.get(registration=absent)
    money.training_credit_note_create(
        actor=fed,
        invoice=issued[1],
        reason="Absent",
        line_ids=[line.pk],
        issued_on=datetime.date(YEAR, 7, 2),
    )
    return {"trainees": [anne, lea, paul], "all": [anne, lea, paul, absent]}


def test_hours_trainee_are_the_attended_hours(records):
    report = bpf.bpf_for_year(YEAR)
    assert report.trainees.trainees == 3  # Rémi attended nothing
    assert report.trainees.hours == _hours(records["all"]) == Decimal("24.5")
    assert report.by_category["staff"].hours == Decimal(14)
    assert report.by_category["insertion"].trainees == 2
    assert report.by_objective["certification"].hours == Decimal("3.5")
    assert sum(line.hours for line in report.by_category.values()) == report.trainees.hours


def test_revenue_by_funder_is_the_funding_of_invoiced_registrations(records):
    report = bpf.bpf_for_year(YEAR)
    funded: dict[str, Decimal] = {}
    for funding in Funding.objects.filter(registration__in=records["trainees"]):
        funded[funding.funder] = funded.get(funding.funder, Decimal(0)) + funding.amount
    for funder, amount in funded.items():
        assert report.revenue_by_funder[funder] == amount
    # The structures pay the rest: 200 € for Anne, 400 € for Paul; Rémi's line credited.
    assert report.revenue_by_funder["structure"] == Decimal("600.00")
    invoiced = sum(
        TrainingInvoiceLine.objects.filter(invoice__year=YEAR).values_list("amount", flat=True)
    )
    assert report.total_revenue == invoiced == Decimal("2100.00")
    assert report.revenue[bpf.C_OPCO] == Decimal("700.00")
    assert report.revenue[bpf.C_PUBLIC] == Decimal("600.00")


def test_another_year_is_empty(records):
    report = bpf.bpf_for_year(YEAR + 1)
    assert report.total_revenue == 0 and report.trainees.trainees == 0


def test_the_page_and_its_exports(records, world, client):
    client.force_login(world.user("federation"))
    url = reverse("training:bpf")
    client.get(url)
    # session, user, scope (2), lines, fundings, hours, trainees, the navigation's membership
    with assert_query_count(9):
        response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    assert f"{french_number(Decimal(2100), 2)} €" in response.content.decode()
    csv = client.get(url, {"year": YEAR, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "24,5" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"year": YEAR, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
