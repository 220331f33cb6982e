"""A run's attestations printed by a pool of processes are the very bytes printed in the
worker's own process, saved for the right households, in order."""

import pytest

from tremplin.missions.models import PaymentMethod

from .. import pdf_printing
from ..attestation_pdf import attestation_css
from ..models import TaxAttestation
from ..services.attestations import attestations_make
from .attestation_data import D, make_declaration, make_household, make_invoice, pay

pytestmark = pytest.mark.django_db


def _households(structure, count):
    make_declaration(structure)
    households = []
    for index in range(count):
        household = make_household(structure, name=f"Foyer {index}")
        visits = [D(2025, 3, day) for day in range(3, 3 + index + 1)]
        invoice = make_invoice(household, month=D(2025, 3, 1), visits=visits)
        pay(invoice, D(2025, 4, 1), invoice.total, PaymentMethod.TRANSFER)
        households.append(household)
    return households


def _pdfs():
    return dict(TaxAttestation.objects.values_list("household_id", "pdf"))


def test_a_pool_prints_the_bytes_printed_in_process(world, monkeypatch):
    households = _households(world.own, 3)
    ids = [h.pk for h in households]
    assert attestations_make(household_ids=ids, year=2025, processes=1) == 3
    in_process = {pk: bytes(pdf) for pk, pdf in _pdfs().items()}
    assert len(set(in_process.values())) == 3  # three different documents
    monkeypatch.setattr(pdf_printing, "MIN_DOCUMENTS_PER_PROCESS", 1)
    monkeypatch.setattr(pdf_printing, "IN_FLIGHT_PER_PROCESS", 1)  # the window slides
    assert attestations_make(household_ids=ids, year=2025, processes=2) == 3
    assert {pk: bytes(pdf) for pk, pdf in _pdfs().items()} == in_process


def test_print_all_keeps_the_order_of_the_documents():
    documents = [(n, f"<p>{'Ligne. ' * n}</p>") for n in range(1, 6)]
    pooled = list(pdf_printing.print_all(documents, css=attestation_css(), processes=2))
    alone = list(pdf_printing.print_all(documents, css=attestation_css(), processes=1))
    assert [key for key, _pdf in pooled] == [1, 2, 3, 4, 5]
    assert pooled == alone


def test_a_pool_only_for_enough_documents():
    per = pdf_printing.MIN_DOCUMENTS_PER_PROCESS
    assert pdf_printing.processes_for(per - 1, 2) == 1
    assert pdf_printing.processes_for(2 * per - 1, 2) == 1
    assert pdf_printing.processes_for(2 * per, 2) == 2
    assert pdf_printing.processes_for(10_000, 2) == 2
    assert pdf_printing.processes_for(10_000, 1) == 1
