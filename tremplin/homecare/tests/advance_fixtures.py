"""Rows the immediate advance's tests need: a household of a structure with an issued
invoice of hours, its catalogue's nature code, and its enrolment."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tremplin.homecare.models import (
    AdvanceEnrolment,
    AdvanceStatus,
    Household,
    PaymentRequest,
    RequestStatus,
    Service,
)
from tremplin.missions.models import Client, Invoice, InvoiceLine, InvoiceStatus, MissionRequest
from tremplin.network.models import Activity, Commune

IBAN = "FR7630006000011234567890189"


@pytest.fixture(autouse=True)
def urssaf_files(settings, tmp_path):
    """Each test its own file-based URSSAF (homecare/urssaf/files.py): import this fixture
    into the test module."""
    settings.URSSAF_FILES_DIR = str(tmp_path / "urssaf")
    settings.URSSAF_GATEWAY = "tremplin.homecare.urssaf.files.FileUrssaf"
    return tmp_path / "urssaf"


def last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def household_of(structure, *, user=None, name="Foyer Zéphyrine") -> Household:
    client = Client.objects.create(
        structure=structure,
        kind="household",
        name=name,
        address="3 rue des Lilas",
        commune=structure.commune,
        user=user,
    )
    return Household.objects.create(client=client, structure=structure)


def enrol(household: Household, *, status=AdvanceStatus.ENROLLED) -> AdvanceEnrolment:
    enrolment = AdvanceEnrolment.objects.create(
        household=household,
        structure=household.structure,
        civility="2",
        birth_name="Durand",
        first_names="Zéphyrine",
        birth_date=datetime.date(1950, 3, 4),
        birth_country="99100",
        birth_commune=Commune.objects.get(pk="69123"),
        mobile_phone="0612345678",
        email="zephyrine@example.org",
        street_number="3",
        street_name="rue des Lilas",
        postcode="69001",
        commune=household.client.commune,
        iban=IBAN,
        bic="BNPAFRPPXXX",
        account_holder="Mme Zéphyrine Durand",
        status=status,
        urssaf_id="C-test" if status == AdvanceStatus.ENROLLED else "",
    )
    household.advance_status = status
    household.save()
    return enrolment


def enrolled_with_urssaf(household: Household) -> AdvanceEnrolment:
    """Enrolled, and known to the test's file-based URSSAF under the id it gave."""
    from tremplin.homecare.urssaf.files import FileUrssaf

    enrolment = enrol(household)
    enrolment.urssaf_id = FileUrssaf().enrol(
        {"nomNaissance": "Durand", "prenoms": "Zéphyrine", "dateNaissance": "1950"}
    )
    enrolment.save()
    return enrolment


def activity() -> Activity:
    return Activity.objects.order_by("pk").first()


def catalogue(structure, *, nature_code="10") -> Service:
    return Service.objects.create(
        structure=structure,
        name="Ménage",
        activity="menage",
        mode="prestataire",
        work_activity=activity(),
        price_excl_vat=Decimal("25.00"),
        vat_rate=Decimal("10"),
        urssaf_nature_code=nature_code,
    )


def booked(household: Household, start, end, work_activity=None) -> MissionRequest:
    """A mission request of the household booked in the missions directly (no recurring
    intervention): its line takes the catalogue's only service on its activity."""
    return MissionRequest.objects.create(
        structure=household.structure,
        client=household.client,
        activity=work_activity or activity(),
        commune=household.client.commune,
        start_date=start,
        end_date=end,
        hours=Decimal(8),
    )


def issued_invoice(household: Household, today: datetime.date, *, number=1) -> Invoice:
    start, end = last_month(today)
    invoice = Invoice.objects.create(
        structure=household.structure,
        client=household.client,
        period_start=start,
        period_end=end,
        year=end.year,
        number=number,
        issued_on=today,
        due_on=today + datetime.timedelta(days=30),
        status=InvoiceStatus.ISSUED,
        total_excl_vat=Decimal("200.00"),
        vat=Decimal("20.00"),
        total=Decimal("220.00"),
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        label=f"Heures de travail — {activity().name}",
        quantity=Decimal(8),
        unit_price=Decimal(25),
        vat_rate=Decimal(10),
        amount=Decimal("200.00"),
        request=booked(household, start, end),
    )
    return invoice


def sent_request(household: Household, invoice: Invoice, urssaf_id="D-test", **fields):
    import django.utils.timezone as tz

    return PaymentRequest.objects.create(
        structure=household.structure,
        household=household,
        invoice=invoice,
        status=fields.pop("status", RequestStatus.INTEGRATED),
        urssaf_id=urssaf_id,
        amount=invoice.total,
        integrated_at=fields.pop("integrated_at", tz.now()),
        sent_at=tz.now(),
        **fields,
    )
