"""The people app's daily work, run by the queue (tremplin.people.tasks) or by hand
(`manage.py worklist_daily`, `manage.py purge_proofs`)."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction

from tremplin.accounts.models import StructureMembership, StructureRole

from ..models import DiagnosisCriterion
from ..selectors import work_list

logger = logging.getLogger("tremplin.jobs")


def worklist_compute(*, today: datetime.date | None = None) -> dict:
    """Each structure's work list as its director reads it: {structure name: {section
    label: count}} for the structures with something to do."""
    # One director per structure reads the list as the structure's own staff would.
    directors = (
        StructureMembership.objects.filter(role=StructureRole.DIRECTOR, user__is_active=True)
        .select_related("user", "structure")
        .order_by("structure__name", "pk")
    )
    seen, lists = set(), {}
    for membership in directors:
        if membership.structure_id in seen:
            continue
        seen.add(membership.structure_id)
        work = work_list(actor=membership.user, structure_id=membership.structure_id, today=today)
        if work.total:
            lists[membership.structure.name] = {
                str(label): len(rows) for _key, label, rows in work.sections() if rows
            }
    logger.info("work lists: %s structures, %s with something to do", len(seen), len(lists))
    return {"structures": len(seen), "lists": lists}


def proofs_expired(*, today: datetime.date):
    return DiagnosisCriterion.objects.filter(proof_keep_until__lt=today).exclude(proof="")


def proofs_purge(*, today: datetime.date) -> int:
    """Delete the eligibility proofs past their retention date (24 months, rules table).
    Running it twice deletes nothing more the second time."""
    count = 0
    for criterion in proofs_expired(today=today).iterator():
        with transaction.atomic():
            criterion.proof.delete(save=False)
            criterion.proof, criterion.proof_keep_until = "", None
            criterion.save(update_fields=["proof", "proof_keep_until"])
        count += 1
    return count
