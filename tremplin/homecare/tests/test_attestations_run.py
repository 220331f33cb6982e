"""The batch run: who may start it, what it refuses, the attestations it makes and e-mails
(once), how it goes on after an interruption; the printed PDF's content."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from tremplin.missions.models import PaymentMethod

from ..models import AttestationRun, RunStatus, TaxAttestation
from ..services import attestations as services
from ..tasks_attestations import attestation_email_task
from .attestation_data import D, make_declaration, make_household, make_invoice, pay

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf))).pages)


@pytest.fixture
def households(world):
    """Three households of world.own: two paid in 2025 (one with an e-mail), one not."""
    make_declaration(world.own)
    paid = make_household(world.own, name="Mme Alice Martin", email="alice@example.org")
    invoice = make_invoice(paid, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * 4)  # 200 €
    pay(invoice, D(2025, 4, 1), "80.00", PaymentMethod.CESU_PREPAID, issuer="Edenred")
    pay(invoice, D(2025, 4, 2), "120.00")
    other = make_household(world.own, name="M. Bernard Petit")
    pay(make_invoice(other, month=D(2025, 6, 1), visits=[D(2025, 6, 3)]), D(2025, 7, 1), 50)
    unpaid = make_household(world.own, name="Mme Chloé Roux", email="chloe@example.org")
    make_invoice(unpaid, month=D(2025, 12, 1), visits=[D(2025, 12, 2)])
    return paid, other, unpaid


def _start(world, role="accountant", **kwargs):
    return services.attestation_run_start(
        actor=world.user(role), structure_id=world.own.pk, year=kwargs.pop("year", 2025), **kwargs
    )


@pytest.mark.parametrize("role", ["planner", "conseiller", "employee", "household"])
def test_only_who_invoices_starts_a_run(world, households, role):
    with pytest.raises(PermissionDenied):
        _start(world, role)
    assert not AttestationRun.objects.exists()


def test_a_year_not_over_is_refused(world, households, today):
    with pytest.raises(ValidationError, match="année finie"):
        _start(world, year=today.year)
    assert not AttestationRun.objects.exists()


def test_a_structure_without_declaration_is_refused(world, households):
    world.own.sap_declaration.delete()
    with pytest.raises(ValidationError, match="déclaration SAP"):
        _start(world)
    assert not AttestationRun.objects.exists()


def test_a_run_makes_the_attestations_and_emails_them_once(
    world, households, django_capture_on_commit_callbacks
):
    paid, other, _unpaid = households
    with django_capture_on_commit_callbacks(execute=True):
        run = _start(world, role="director")
    run.refresh_from_db()
    assert (run.status, run.total, run.done) == (RunStatus.DONE, 2, 2)
    made = {a.household_id: a for a in TaxAttestation.objects.all()}
    assert set(made) == {paid.pk, other.pk}  # nothing settled for the third: no attestation
    assert (made[paid.pk].amount, made[paid.pk].cesu_prepaid) == (120, 80)
    # Only the household with an address gets an e-mail, the PDF attached.
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    _name, content, kind = mail.outbox[0].attachments[0]
    assert kind == "application/pdf" and "120,00" in _text(content)
    assert made[paid.pk].emailed_to == "alice@example.org"
    # The job run again (a retry) sends nothing more.
    attestation_email_task.call(made[paid.pk].pk, run.pk)
    assert len(mail.outbox) == 1


def test_a_run_without_emails_sends_none(world, households, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _start(world, send_emails=False)
    assert TaxAttestation.objects.count() == 2 and not mail.outbox


def test_a_second_run_makes_them_again_from_the_payments_known(
    world, households, django_capture_on_commit_callbacks
):
    _paid, _other, unpaid = households
    with django_capture_on_commit_callbacks(execute=True):
        _start(world, send_emails=False)
    pay(unpaid.client.invoices.get(), D(2025, 12, 30), 50)
    with django_capture_on_commit_callbacks(execute=True):
        second = _start(world)
    assert TaxAttestation.objects.filter(run=second).count() == 3
    assert TaxAttestation.objects.count() == 3  # one per household and year
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "chloe@example.org"]


def test_one_run_at_a_time(world, households):
    _start(world)  # not run: the test's transaction never commits
    with pytest.raises(ValidationError, match="déjà en cours"):
        _start(world)


def test_an_interrupted_run_goes_on_where_it_stopped(
    world, households, django_capture_on_commit_callbacks
):
    paid, _other, _unpaid = households
    run = _start(world, send_emails=False)  # queued, never run (its worker died)
    services.attestations_make(household_ids=[paid.pk], year=2025, run=run)
    first = TaxAttestation.objects.get(household=paid)
    stale = timezone.now() - services.settings.ATTESTATION_RUN_STALE_AFTER
    AttestationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=stale - datetime.timedelta(seconds=1)
    )
    run.refresh_from_db()
    assert services.is_interrupted(run)
    with django_capture_on_commit_callbacks(execute=True):
        services.attestation_run_restart(actor=world.user("accountant"), run=run)
    run.refresh_from_db()
    assert (run.status, run.total) == (RunStatus.DONE, 2)
    assert TaxAttestation.objects.get(household=paid).generated_at == first.generated_at


def test_a_live_run_is_not_started_twice(world, households, django_capture_on_commit_callbacks):
    run = _start(world)
    AttestationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.attestation_run_restart(actor=world.user("accountant"), run=run)
        services.attestation_run_execute(run.pk)
    assert not TaxAttestation.objects.exists()


def test_the_pdf_says_what_the_law_asks(world, households):
    paid, _other, _unpaid = households
    services.attestations_make(household_ids=[paid.pk], year=2025)
    text = " ".join(_text(TaxAttestation.objects.get(household=paid).pdf).split())
    for expected in (
        "Attestation fiscale annuelle 2025",
        "AI du Rhône",
        "SAP732829320",
        "02/03/2015",  # the declaration's date
        "Mme Alice Martin",
        "12 rue des Lilas",
        "Samia BENALI",  # the intervenant's name and identifier
        "mars 2025",
        "25,00 € de l’heure",
        "200,00 €",
        "CESU préfinancés (Edenred)",
        "120,00 €",
        "personnellement financé",  # the CESU notice
    ):
        assert expected in text, expected


def test_the_deadline_is_31_march_of_the_next_year():
    assert services.attestation_deadline(2025) == D(2026, 3, 31)


def test_the_demo_makes_last_years_attestations_the_demo_account_first(world, today, monkeypatch):
    from ..parts import demo_attestations

    last = today.year - 1
    make_declaration(world.own)
    for index in range(3):
        household = make_household(
            world.own, name=f"Foyer {index}", user=world.user("household") if index == 2 else None
        )
        invoice = make_invoice(household, month=D(last, 3, 1), visits=[D(last, 3, 4)])
        pay(invoice, D(last, 4, 1), 50)
    monkeypatch.setattr(demo_attestations, "MAX_PER_STRUCTURE", 1)
    counts = demo_attestations.seed(structures=[world.own, world.other], seed=1, today=today)
    assert counts == {"tax attestations": 1}
    made = TaxAttestation.objects.get()
    assert made.household.client.user == world.user("household") and made.year == last
    assert AttestationRun.objects.get().status == RunStatus.DONE


def test_a_run_that_fails_says_why_and_keeps_what_it_made(world, households, monkeypatch):
    paid, _other, _unpaid = households
    run = _start(world, send_emails=False)
    services.attestations_make(household_ids=[paid.pk], year=2025, run=run)

    def broken(**kwargs):
        raise ValueError("printer out of paper")

    monkeypatch.setattr(services, "attestations_make", broken)
    run = services.attestation_run_execute(run.pk)
    assert (run.status, run.error) == (RunStatus.FAILED, "printer out of paper")
    assert TaxAttestation.objects.filter(run=run).count() == 1
