"""The demo's records of the quality part « groups »: the CEDRE-ISO 9001 group certification
over ten demo structures (initial audit decided, one surveillance decided, the sample of
each recorded), and a few individual certificates expiring soon. The individual
certifications' audits are the « audits » part's."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction

from tremplin.accounts.models import User, UserKind

from ..models import (
    Audit,
    Certification,
    GroupSite,
    Referential,
    ReferentialKind,
)
from ..services import certification as services
from ..services.sampling import sample_sites

GROUP_NAME = "Certification de groupe CEDRE-ISO 9001"
SITES = 10


def _referential() -> Referential:
    found = (
        Referential.objects.filter(kind=ReferentialKind.ISO_9001, is_current=True)
        .order_by("pk")
        .first()
    )
    if found:
        return found
    return Referential.objects.create(
        code="iso9001-demo",
        version="2015",
        kind=ReferentialKind.ISO_9001,
        title="ISO 9001:2015",
        is_example=True,
    )


def _held(certification, kind, *, on, auditor, seed, federation, outcome):
    """An audit held on `on`, its sites drawn from `seed`, reported and decided."""
    audit = Audit.objects.create(
        certification=certification,
        kind=kind,
        due_by=on,
        starts_on=on,
        ends_on=on + datetime.timedelta(days=1),
        auditor=auditor,
        plan="Revue de la fonction centrale, puis visite des sites de l'échantillon.",
    )
    sample_sites(audit, seed=seed)
    Audit.objects.filter(pk=audit.pk).update(
        status="reported", reported_on=on + datetime.timedelta(days=7), conclusion="Conforme."
    )
    decided_on = on + datetime.timedelta(days=21)
    services.certification_decide(
        actor=federation,
        audit=audit,
        outcome=outcome,
        decided_on=decided_on,
        reasons="Rapport examiné par le comité de certification.",
    )
    return audit


@transaction.atomic
def seed(*, structures, seed: int, today) -> dict[str, int]:
    if Certification.objects.filter(name=GROUP_NAME).exists():
        return {}
    structures = list(structures)
    auditor = User.objects.filter(kind=UserKind.AUDITOR).order_by("pk").first()
    federation = User.objects.filter(kind=UserKind.FEDERATION).order_by("pk").first()
    referential = _referential()
    counts = {"certifications": 0, "audits": 0}
    # The group: certified about 14 months ago, surveillance 1 held, surveillance 2 to plan.
    stage2_on = today - relativedelta(months=15)
    group = Certification.objects.create(referential=referential, scheme="group", name=GROUP_NAME)
    for structure in structures[:SITES]:
        GroupSite.objects.create(
            certification=group, structure=structure, joined_on=stage2_on - relativedelta(months=6)
        )
    _held(
        group,
        "stage2",
        on=stage2_on,
        auditor=auditor,
        seed=seed,
        federation=federation,
        outcome="grant",
    )
    group.refresh_from_db()
    surveillance_on = group.cycle_started_on + relativedelta(months=11)
    _held(
        group,
        "surveillance",
        on=surveillance_on,
        auditor=auditor,
        seed=seed + 1,
        federation=federation,
        outcome="maintain",
    )
    counts["certifications"] += 1
    counts["audits"] += 2
    # Individual certificates expiring within a few weeks (their renewal audits to plan).
    for index, structure in enumerate(structures[SITES : SITES + 3]):
        started = today - relativedelta(years=3) + datetime.timedelta(days=20 + 25 * index)
        certification = Certification.objects.create(
            referential=referential, scheme="individual", structure=structure
        )
        _held(
            certification,
            "stage2",
            on=started - datetime.timedelta(days=21),
            auditor=auditor,
            seed=seed,
            federation=federation,
            outcome="grant",
        )
        certification.refresh_from_db()
        for year in (1, 2):
            _held(
                certification,
                "surveillance",
                on=certification.cycle_started_on + relativedelta(years=year, days=-40),
                auditor=auditor,
                seed=seed,
                federation=federation,
                outcome="maintain",
            )
        counts["certifications"] += 1
        counts["audits"] += 3
    return counts
