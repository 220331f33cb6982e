"""Migration 0014: lines issued before lines billed a request get the request of their
invoice's hours when the invoice bills one; over several, they are left as they were."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from tremplin.missions.models import InvoiceLine
from tremplin.missions.services import invoices

from .conftest import START, make_client, make_request, validated_hours

pytestmark = pytest.mark.django_db

T = datetime.time
backfill = importlib.import_module(
    "tremplin.missions.migrations.0014_backfill_invoice_line_request"
).tie_lines_to_their_request


def _invoiced(world, employee, client, requests, *, first=START):
    validated_hours(world, employee, client, requests, first=first)
    invoice = invoices.invoice_draft_for_month(
        actor=world.user("accountant"), client=client, month=START
    )
    lines = InvoiceLine.objects.filter(invoice=invoice)
    lines.update(request=None)  # as issued before 0012
    return lines


def _household_prices(world, prices):
    from tremplin.missions.models import VatRule

    VatRule.objects.create(
        structure=world.own, client_kind="household", rate=Decimal(10), legal_reference="TVA"
    )


def test_a_household_invoice_of_one_request_bills_it_on_every_line(world, employee, prices):
    _household_prices(world, prices)
    client = make_client(world, "household", name="Foyer Zéphyrine")
    request = make_request(world, client)
    lines = _invoiced(world, employee, client, [request, request])
    backfill(apps, None)
    assert {line.request_id for line in lines} == {request.pk}


def test_an_invoice_over_two_requests_or_of_a_company_is_left_as_it_was(world, employee, prices):
    _household_prices(world, prices)
    household = make_client(world, "household", name="Foyer Zéphyrine")
    two = _invoiced(
        world, employee, household, [make_request(world, household), make_request(world, household)]
    )
    company = make_client(world, "company", name="Société Martin")
    one = _invoiced(
        world,
        employee,
        company,
        [make_request(world, company)],
        first=START + datetime.timedelta(7),
    )
    backfill(apps, None)
    assert {line.request_id for line in two} == {None}
    assert {line.request_id for line in one} == {None}
