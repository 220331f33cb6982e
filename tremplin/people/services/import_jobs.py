"""Imports run in the background, so that the page can show their progress.

A thread of the web process runs the job for now; the DESIGN's queue will take it over
(the job row already holds everything needed to run it elsewhere)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..imports import people_import
from ..models import ImportJob

MAX_ERRORS_KEPT = 1000
PROGRESS_EVERY = 500  # rows between two progress writes


def progress_key(job_id: int) -> str:
    return f"tremplin:import-job:{job_id}"


def import_job_progress(job: ImportJob) -> ImportJob:
    """The job with its latest progress (read from the cache while it runs)."""
    latest = cache.get(progress_key(job.pk))
    if latest and job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
        job.stage, job.done, job.total = latest["stage"], latest["done"], latest["total"]
    return job


def import_job_start(*, actor, structure, upload, dry_run: bool) -> ImportJob:
    rules.require_writer(actor, structure.pk)
    job = ImportJob.objects.create(
        structure=structure,
        user=actor,
        file=upload,
        original_name=upload.name[:200],
        dry_run=dry_run,
    )
    if getattr(settings, "IMPORT_JOBS_INLINE", False):
        transaction.on_commit(lambda: import_job_run(job.pk))
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
        )
    return job


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        import_job_run(job_id)
    finally:
        connection.close()


def import_job_run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("structure", "user").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    last = {"done": -PROGRESS_EVERY, "stage": ""}

    def progress(stage: str, done: int, total: int) -> None:
        # The cache, not the row: the import's transaction would hide the row's updates
        # from the page until it commits.
        if stage != last["stage"] or done - last["done"] >= PROGRESS_EVERY or done == total:
            last.update(done=done, stage=stage)
            cache.set(progress_key(job_id), {"stage": stage, "done": done, "total": total}, 3600)

    try:
        with job.file.open("rb") as handle:
            result = people_import(
                actor=job.user,
                structure=job.structure,
                source=handle,
                dry_run=job.dry_run,
                progress=progress,
            )
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
        # The file holds NIRs: it lives until processed, whatever the outcome.
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
