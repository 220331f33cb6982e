"""Tax attestations: a run makes every attestation of a structure's year in the background,
one household after the other, each in its own transaction (a run stopped half-way keeps
what it made and, started again, goes on from there); each attestation is then e-mailed
to the household by the queue, once.

Who may: the structure's director and accountant (those who invoice)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common import jobs
from tremplin.common.formats import french_number
from tremplin.missions import rules as missions_rules
from tremplin.rules import rule

from ..attestation_figures import attestation_figures, declaration_of
from ..attestation_pdf import attestation_css, attestation_html
from ..models import AttestationRun, Household, RunStatus, SapDeclaration, TaxAttestation
from ..pdf_printing import print_all, processes_for

logger = logging.getLogger("tremplin.homecare")
CHUNK = 200  # households whose figures are read at once
BEAT_EVERY = 20  # attestations between two progress writes
ACTIVE = (RunStatus.PENDING, RunStatus.RUNNING)


def attestation_deadline(year: int) -> datetime.date:
    """The day by which the attestations of `year` reach the households (the next year's)."""
    day = datetime.date(year + 1, 1, 1)
    return day.replace(
        month=rule("sap.attestation.deadline_month", day),
        day=rule("sap.attestation.deadline_day", day),
    )


def is_interrupted(run: AttestationRun, now=None) -> bool:
    """Waiting or running, and silent for ATTESTATION_RUN_STALE_AFTER: no worker runs it."""
    if run.status not in ACTIVE:
        return False
    now = now or timezone.now()
    return now - (run.heartbeat_at or run.created_at) > settings.ATTESTATION_RUN_STALE_AFTER


@transaction.atomic
def attestation_run_start(
    *, actor, structure_id: int, year: int, send_emails: bool = True, today=None
) -> AttestationRun:
    missions_rules.require(missions_rules.can_invoice(actor, structure_id))
    today = today or datetime.date.today()
    if year >= today.year:
        raise ValidationError(
            _(
                "The attestations of %(year)s are made once the year is over, from 1 January %(next)s."
            )
            % {"year": year, "next": year + 1}
        )
    if year < today.year - 5:
        raise ValidationError(_("Choose one of the last five years."))
    if not SapDeclaration.objects.filter(structure_id=structure_id).exists():
        raise ValidationError(
            _(
                "Enter the structure's SAP declaration first: its number is printed on every "
                "attestation."
            )
        )
    # One run at a time per structure and year: the second waits for the first's lock.
    if (
        AttestationRun.objects.select_for_update()
        .filter(structure_id=structure_id, year=year, status__in=ACTIVE)
        .exists()
    ):
        raise ValidationError(_("The attestations of this year are being made already."))
    run = AttestationRun.objects.create(
        structure_id=structure_id,
        year=year,
        send_emails=send_emails,
        started_by=actor,
        heartbeat_at=timezone.now(),
    )
    from ..tasks_attestations import attestation_run_task

    jobs.enqueue(attestation_run_task, run.pk)
    return run


def attestation_run_restart(*, actor, run: AttestationRun) -> AttestationRun:
    """Queue an interrupted run again: it goes on with the households not yet done."""
    from ..tasks_attestations import attestation_run_task

    missions_rules.require(missions_rules.can_invoice(actor, run.structure_id))
    if is_interrupted(run):
        AttestationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.PENDING, heartbeat_at=timezone.now()
        )
        jobs.enqueue(attestation_run_task, run.pk)
    return run


def _claim(run_id: int) -> bool:
    if AttestationRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now()
    ):
        return True
    return is_interrupted(AttestationRun.objects.get(pk=run_id))


def attestation_run_execute(run_id: int) -> AttestationRun:
    """The run's work, in a worker: every household of the structure with a payment
    in the year gets its attestation, made or made again."""
    run = AttestationRun.objects.get(pk=run_id)
    if not _claim(run_id):
        return run  # done already, or being run by another worker
    households = list(
        Household.objects.filter(structure_id=run.structure_id)
        .exclude(attestations__run_id=run.pk)  # made by this run before it stopped
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    already = TaxAttestation.objects.filter(run_id=run.pk).count()
    AttestationRun.objects.filter(pk=run.pk).update(total=already + len(households), done=already)

    def beat(done: int) -> None:
        AttestationRun.objects.filter(pk=run.pk).update(
            done=already + done, heartbeat_at=timezone.now()
        )

    try:
        made = attestations_make(
            household_ids=households,
            year=run.year,
            run=run,
            progress=beat,
        )
    except (OperationalError, InterfaceError):
        # The database went away: what was made is kept; the queue tries again and the run
        # goes on from there.
        AttestationRun.objects.filter(pk=run.pk).update(status=RunStatus.PENDING)
        raise
    except Exception as exc:  # the run must end whatever happens; the page says what
        logger.exception("attestation run %s failed", run.pk)
        AttestationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    # Households with nothing paid in the year get no attestation: the total says how
    # many were made.
    total = already + made
    AttestationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, total=total, done=total, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def attestations_make(
    *, household_ids: list[int], year: int, run=None, progress=None, processes=None
) -> int:
    """Make (or make again) the attestations of these households for `year`: their figures
    read by chunks, their PDFs printed by `processes` processes (ATTESTATION_PDF_PROCESSES
    by default) while the next figures are read, each saved in its own transaction.
    Returns how many were made; `progress(done)` is called every few households."""
    today = datetime.date.today()
    if processes is None:
        processes = settings.ATTESTATION_PDF_PROCESSES
    declarations: dict[int, SapDeclaration | None] = {}

    def documents():
        """(household, figures, households seen so far) and the HTML, chunk by chunk."""
        seen = 0
        for start in range(0, len(household_ids), CHUNK):
            chunk = list(
                Household.objects.filter(pk__in=household_ids[start : start + CHUNK])
                .select_related("client__commune", "structure__commune")
                .order_by("pk")
            )
            figures_of = attestation_figures(households=chunk, year=year)
            for household in chunk:
                seen += 1
                figures = figures_of[household.pk]
                if figures.is_empty:
                    continue
                structure_id = household.structure_id
                if structure_id not in declarations:
                    declarations[structure_id] = declaration_of(structure_id)
                declaration = declarations[structure_id]
                if declaration is None:
                    continue  # no number to print: the run refused to start without one
                html = attestation_html(
                    figures=figures,
                    household=household,
                    structure=household.structure,
                    declaration=declaration,
                    issued_on=today,
                )
                yield (household, figures, seen), html

    made = 0
    printed = print_all(
        documents(),
        css=attestation_css(),
        processes=processes_for(len(household_ids), processes),
    )
    for (household, figures, seen), pdf in printed:
        _save(household=household, year=year, figures=figures, pdf=pdf, run=run)
        made += 1
        if progress and made % BEAT_EVERY == 0:
            progress(seen)
    if progress:
        progress(len(household_ids))
    return made


@transaction.atomic
def _save(*, household, year, figures, pdf, run) -> TaxAttestation:
    attestation, _created = TaxAttestation.objects.update_or_create(
        household=household,
        year=year,
        defaults={
            "structure_id": household.structure_id,
            "run": run,
            "settled_total": figures.paid_total,
            "advance": figures.advance,
            "third_party": figures.third_party,
            "cesu_prepaid": figures.cesu_prepaid,
            "cash": figures.cash,
            "amount": figures.amount,
            "hours": figures.hours,
            "pdf": pdf,
            "generated_at": timezone.now(),
        },
    )
    if run is not None and run.send_emails and household.client.email:
        from ..tasks_attestations import attestation_email_task

        # Once per attestation and run: a retried run never sends it twice.
        jobs.enqueue(attestation_email_task, attestation.pk, run.pk)
    return attestation


def attestation_email_send(*, attestation_id: int) -> bool:
    """The attestation to the household's e-mail address, with its PDF attached."""
    attestation = (
        TaxAttestation.objects.select_related("household__client", "structure")
        .filter(pk=attestation_id)
        .first()
    )
    if attestation is None or not attestation.household.client.email:
        return False
    client, structure = attestation.household.client, attestation.structure
    body = _(
        "Hello,\n\nPlease find attached your tax attestation for the home services of "
        "%(year)s: the amount that gives the tax advantage is %(amount)s €. Keep it for "
        "your income tax return. You will also find it in your household space.\n\n%(name)s\n"
    ) % {
        "year": attestation.year,
        "amount": french_number(attestation.amount, 2),
        "name": structure.name,
    }
    message = EmailMessage(
        _("Your tax attestation %(year)s") % {"year": attestation.year},
        body,
        None,
        [client.email],
    )
    message.attach(attestation.filename, bytes(attestation.pdf), "application/pdf")
    message.send()
    TaxAttestation.objects.filter(pk=attestation.pk).update(
        emailed_to=client.email, emailed_at=timezone.now()
    )
    return True
