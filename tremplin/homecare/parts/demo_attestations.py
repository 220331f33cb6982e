"""Demo data of the homecare part « attestations » (called by homecare/demo.py in order):
the tax attestations of last year for the demo structures' households, as a finished run
(not e-mailed), the demo household account's first."""

from __future__ import annotations

from django.db.models import F

# Each PDF takes a tenth of a second: enough households for the page, not the whole list.
MAX_PER_STRUCTURE = 25


def seed(*, structures, seed: int, today) -> dict[str, int]:
    from ..models import AttestationRun, Household, RunStatus, SapDeclaration
    from ..services.attestations import attestations_make

    year = today.year - 1
    made = 0
    for structure in structures[:2]:
        if not SapDeclaration.objects.filter(structure=structure).exists():
            continue  # no number to print (the « sap » part declares the demo structures)
        households = list(
            Household.objects.filter(structure=structure)
            .order_by(F("client__user_id").asc(nulls_last=True), "pk")
            .values_list("pk", flat=True)[:MAX_PER_STRUCTURE]
        )
        if not households:
            continue
        run = AttestationRun.objects.create(
            structure=structure, year=year, send_emails=False, status=RunStatus.RUNNING
        )
        count = attestations_make(household_ids=households, year=year, run=run)
        AttestationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, total=count, done=count, finished_at=run.created_at
        )
        made += count
    return {"tax attestations": made} if made else {}
