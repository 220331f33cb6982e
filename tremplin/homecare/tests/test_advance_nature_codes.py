"""Each line of a household's invoice names its catalogue service through its mission
request (the recurring intervention's), and so its URSSAF nature code: two services on one
work activity send their own codes; a service without a code stops the request, saying
which one to complete, and nothing is sent."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tremplin.homecare.models import PaymentRequest, RecurringPattern, Service
from tremplin.homecare.services import advance
from tremplin.missions.models import Assignment, MissionRequest, PriceItem, TimeEntry
from tremplin.missions.services import invoices
from tremplin.people.tests.conftest import make_person

from .advance_fixtures import (
    activity,
    enrolled_with_urssaf,
    household_of,
    last_month,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.django_db
T = datetime.time


@pytest.fixture
def household(world):
    household = household_of(world.own, user=world.user("household"))
    enrolled_with_urssaf(household)
    PriceItem.objects.get_or_create(
        structure=world.own, activity=activity(), defaults={"hourly_rate": Decimal("25.00")}
    )
    return household


def _service(world, name, kind, code) -> Service:
    return Service.objects.create(
        structure=world.own,
        name=name,
        activity=kind,
        mode="prestataire",
        work_activity=activity(),  # both on the same work activity
        price_excl_vat=Decimal("25.00"),
        urssaf_nature_code=code,
    )


def _worked(world, household, service, person, days, start, end):
    """A recurring intervention of `service` and its validated hours on `days`."""
    request = MissionRequest.objects.create(
        structure=world.own,
        client=household.client,
        activity=service.work_activity,
        commune=household.client.commune,
        start_date=start,
        end_date=end,
        hours=Decimal(2 * len(days)),
        notes=service.name,
    )
    RecurringPattern.objects.create(
        structure=world.own,
        household=household,
        service=service,
        request=request,
        weekdays=str(days[0].weekday()),
        start_time=T(9),
        end_time=T(11),
        starts_on=start,
        ends_on=end,
    )
    for day in days:
        assignment = Assignment.objects.create(
            request=request, person=person, date=day, start_time=T(9), end_time=T(11), hours=2
        )
        TimeEntry.objects.create(
            structure=world.own,
            person=person,
            client=household.client,
            assignment=assignment,
            date=day,
            hours=Decimal(2),
            status="validated",
        )


def _month_invoice(world, household, today, *, diy_code):
    start, end = last_month(today)
    person = make_person(world)
    housework = _service(world, "Ménage et repassage", "menage", "10")
    diy = _service(world, "Petit bricolage", "bricolage", diy_code)
    _worked(world, household, housework, person, [start, start + datetime.timedelta(7)], start, end)
    _worked(world, household, diy, person, [start + datetime.timedelta(2)], start, end)
    accountant = world.user("accountant")
    [draft], errors = invoices.invoice_drafts_for_month(
        actor=accountant, structure_id=world.own.pk, month=start, clients=[household.client_id]
    )
    assert not errors
    return invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=today)


def test_two_services_on_one_activity_send_their_own_codes(
    world, household, today, django_capture_on_commit_callbacks
):
    invoice = _month_invoice(world, household, today, diy_code="40")
    # One line per service, each tied to its request.
    hours = invoice.lines.filter(unit="HUR")
    assert sorted(line.quantity for line in hours) == [2, 4]
    assert all(line.request_id for line in invoice.lines.all())
    with django_capture_on_commit_callbacks(execute=True):
        payment_request = advance.payment_request_create(
            actor=world.user("accountant"), invoice=invoice
        )
    payment_request.refresh_from_db()
    assert payment_request.status == "10"
    sent = [line for line in payment_request.lines if line["unite"] == "HEURE"]
    assert sorted((line["quantite"], line["codeNature"]) for line in sent) == [
        (2.0, "40"),
        (4.0, "10"),
    ]


def test_a_service_without_a_code_is_named_and_nothing_is_sent(world, household, today, settings):
    invoice = _month_invoice(world, household, today, diy_code="")
    with pytest.raises(ValidationError) as error:
        advance.payment_request_create(actor=world.user("accountant"), invoice=invoice)
    [message] = error.value.messages
    assert "« Petit bricolage »" in message and "code nature" in message
    assert not PaymentRequest.objects.exists()
    assert not (Path(settings.URSSAF_FILES_DIR) / "demandes").exists()


def test_a_request_booked_outside_the_catalogue_takes_its_only_service(world, household, today):
    """Booked in the missions directly: the activity's only service gives the code; with
    two services on it, the line cannot tell and says so."""
    from tremplin.missions.models import InvoiceLine

    from .advance_fixtures import issued_invoice

    invoice = issued_invoice(household, today)
    [line] = invoice.lines.all()
    housework = _service(world, "Ménage et repassage", "menage", "10")
    assert advance.line_services(world.own.pk, [line]) == {line.pk: housework}
    _service(world, "Petit bricolage", "bricolage", "40")
    assert advance.line_services(world.own.pk, [line]) == {line.pk: None}
    with pytest.raises(ValidationError, match="aucun service du catalogue"):
        advance.prestations_of(invoice, [line])
    # Without any request, the line bills no service either.
    InvoiceLine.objects.filter(pk=line.pk).update(request=None)
    line.refresh_from_db()
    assert advance.line_services(world.own.pk, [line]) == {line.pk: None}
