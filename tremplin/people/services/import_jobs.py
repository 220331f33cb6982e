"""Imports run in the background, so that the page can show their progress.

`import_job_start` saves the job row and queues `tremplin.people.tasks.import_job_task`
after the commit; a worker (`manage.py db_worker`) runs `import_job_run(job_id)`. The row
holds everything the run needs; its progress goes through the cache (shared between the web
and the worker processes, see CACHES), with the time of its last step, so that a job whose
worker died is shown as interrupted instead of "running" forever."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common import jobs

from .. import rules
from ..imports import people_import
from ..models import ImportJob

MAX_ERRORS_KEPT = 1000
PROGRESS_EVERY = 500  # rows between two progress writes
ACTIVE = (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)


def progress_key(job_id: int) -> str:
    return f"tremplin:import-job:{job_id}"


def _last_sign_of_life(job: ImportJob, latest: dict | None):
    at = (latest or {}).get("at")
    return datetime.datetime.fromisoformat(at) if at else job.started_at


def is_interrupted(job: ImportJob, latest: dict | None = None, now=None) -> bool:
    """Waiting or running, and silent for IMPORT_JOB_STALE_AFTER: no worker runs it."""
    if job.status not in ACTIVE:
        return False
    now = now or timezone.now()
    return now - _last_sign_of_life(job, latest) > settings.IMPORT_JOB_STALE_AFTER


def import_job_progress(job: ImportJob) -> ImportJob:
    """The job with its latest progress (read from the cache while it runs), and
    `interrupted` when its worker stopped."""
    latest = cache.get(progress_key(job.pk))
    if latest and job.status in ACTIVE:
        job.stage, job.done, job.total = latest["stage"], latest["done"], latest["total"]
    job.interrupted = is_interrupted(job, latest)
    return job


def import_job_start(*, actor, structure, upload, dry_run: bool) -> ImportJob:
    from ..tasks import import_job_task

    rules.require_writer(actor, structure.pk)
    job = ImportJob.objects.create(
        structure=structure,
        user=actor,
        file=upload,
        original_name=upload.name[:200],
        dry_run=dry_run,
    )
    jobs.enqueue(import_job_task, job.pk)
    return job


def import_job_restart(*, actor, job: ImportJob) -> ImportJob:
    """Queue an interrupted job again (its worker died): it starts from the file."""
    from ..tasks import import_job_task

    rules.require_writer(actor, job.structure_id)
    if is_interrupted(job, cache.get(progress_key(job.pk))):
        cache.delete(progress_key(job.pk))
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.PENDING, started_at=timezone.now()
        )
        jobs.enqueue(import_job_task, job.pk)
    return job


def _claim(job_id: int) -> bool:
    """Take the job for this run: a second run of the same job (a retry, a duplicate)
    does nothing while the first is alive, and takes over an interrupted one."""
    if ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    ):
        return True
    job = ImportJob.objects.get(pk=job_id)
    return is_interrupted(job, cache.get(progress_key(job_id)))


def import_job_run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("structure", "user").get(pk=job_id)
    if not _claim(job_id):
        return job  # done already, or being run by another worker
    last = {"done": -PROGRESS_EVERY, "stage": ""}
    _heartbeat(job_id, "", 0, 0)

    def progress(stage: str, done: int, total: int) -> None:
        if stage != last["stage"] or done - last["done"] >= PROGRESS_EVERY or done == total:
            last.update(done=done, stage=stage)
            _heartbeat(job_id, stage, done, total)

    retrying = False
    try:
        with job.file.open("rb") as handle:
            result = people_import(
                actor=job.user,
                structure=job.structure,
                source=handle,
                dry_run=job.dry_run,
                progress=progress,
            )
    except (OperationalError, InterfaceError):
        # The database went away: nothing was saved (one transaction); the queue tries again.
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.PENDING)
        retrying = True
        raise
    except Exception as exc:  # the job must end whatever happens; the message says what
        job.status, job.errors = (
            ImportJob.Status.FAILED,
            [[0, "", _("The file could not be read: %(error)s") % {"error": exc}]],
        )
    else:
        job.created = result.created
        job.errors = [list(e) for e in result.errors[:MAX_ERRORS_KEPT]]
        job.total = job.total or result.rows
        job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    finally:
        # The file holds NIRs: it lives until processed, whatever the outcome (a retry still
        # needs it).
        if not retrying:
            _delete_file(job)
    job.finished_at = timezone.now()
    latest = cache.get(progress_key(job_id)) or {}
    job.stage, job.done = latest.get("stage", ""), latest.get("done", 0)
    job.save(
        update_fields=[
            *("status", "created", "errors", "total", "finished_at", "stage", "done", "file")
        ]
    )
    cache.delete(progress_key(job_id))
    return job


def _delete_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)
    job.file = ""


def _heartbeat(job_id: int, stage: str, done: int, total: int) -> None:
    # The cache, not the row: the import's transaction would hide the row's updates
    # from the page until it commits.
    cache.set(
        progress_key(job_id),
        {"stage": stage, "done": done, "total": total, "at": timezone.now().isoformat()},
        3600 * 24,
    )
