"""Housekeeping jobs of the plumbing itself."""

import datetime

from django.conf import settings
from django.utils import timezone

from . import idempotency, jobs

JOB_KEYS_KEPT = datetime.timedelta(days=30)  # longer than any retry or schedule looks back


@jobs.daily(at=datetime.time(1, 0))
def keys_purge(day: str) -> dict:
    """Expired Idempotency-Key answers and old job keys are deleted."""
    now = timezone.now()
    return {
        "idempotency_keys": idempotency.keys_purge(now=now),
        "job_keys": jobs.job_keys_purge(before=now - JOB_KEYS_KEPT),
    }


@jobs.periodic(every=datetime.timedelta(minutes=10))
def stale_runs_recover(slot: str) -> dict:
    """Runs left RUNNING by a killed worker go back in the queue (jobs.stale_runs_requeue)."""
    return jobs.stale_runs_requeue(now=timezone.now(), older_than=settings.JOB_STALE_AFTER)
