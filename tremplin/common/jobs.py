"""Background jobs, on django-tasks with its database backend (ADR 5).

    from tremplin.common import jobs

    @jobs.job()                          # retried on database hiccups, 5 attempts
    def thing_recompute(thing_id: int): ...

    jobs.enqueue(thing_recompute, thing.pk)   # runs after the current transaction commits

    @jobs.daily(at=datetime.time(3, 0))  # enqueued once a day by `manage.py run_scheduler`
    def things_purge(day: str): ...      # gets the day (ISO), runs once for it

A job lives in its app's `tasks.py` (found by the scheduler and by `db_worker`). Arguments
are JSON (ids, not objects): the worker reads the rows again. django-tasks has no retries
and no scheduler: both are here. A job may run twice (a retry, a worker killed after its
work); it must then do the same thing once: recompute rather than add, or `once=True`,
which claims a key in the job's own transaction."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django_tasks import task, task_backends

from .models import JobKey

logger = logging.getLogger("tremplin.jobs")

ATTEMPT = "_attempt"  # the keyword that carries the attempt number to the next try


class Retry(Exception):
    """Raised by a job to run again later (a resource busy): counted as an attempt."""


# Failures worth another try: the database restarting, a lock timeout, a deadlock.
RETRY_ON: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, Retry)


def backoff(attempt: int, base: float = 30.0) -> datetime.timedelta:
    """Wait before attempt `attempt + 1`: 30 s, 1 min, 2 min, 4 min… at most an hour."""
    return datetime.timedelta(seconds=min(base * 2 ** (attempt - 1), 3600))


def once_key(path: str, args, kwargs) -> str:
    payload = json.dumps([args, kwargs], sort_keys=True, default=str)
    return f"once:{path}:{hashlib.sha256(payload.encode()).hexdigest()[:32]}"


def claim(key: str) -> bool:
    """Take `key` for the current transaction; False when another run has it (committed,
    or on PostgreSQL being committed: the insert waits for it)."""
    try:
        with transaction.atomic():
            JobKey.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True


def job(
    func: Callable | None = None,
    *,
    max_attempts: int = 5,
    retry_on: tuple[type[BaseException], ...] = RETRY_ON,
    once: bool = False,
    queue_name: str = "default",
    priority: int = 0,
):
    """Make `func` a job: a django-tasks Task whose failures in `retry_on` are retried with
    `backoff()`, up to `max_attempts` (each attempt logged, the last failure raised); with
    `once`, a second run with the same arguments does nothing."""

    def decorate(func: Callable):
        path = f"{func.__module__}.{func.__qualname__}"

        @functools.wraps(func)  # same module and name: the worker imports the Task by path
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                if not once:
                    return func(*args, **kwargs)
                with transaction.atomic():
                    if not claim(once_key(path, args, kwargs)):
                        logger.info("job %s%s already done: skipped", path, args)
                        return None
                    return func(*args, **kwargs)
            except retry_on as exc:
                if attempt >= max_attempts:
                    logger.error("job %s%s failed after %s attempts: %r", path, args, attempt, exc)
                    raise
                wait = backoff(attempt)
                logger.warning(
                    "job %s%s attempt %s failed (%r): retried in %s", path, args, attempt, exc, wait
                )
                _enqueue_now(the_task, args, {**kwargs, ATTEMPT: attempt + 1}, wait)
                raise  # this attempt is recorded as failed, with its traceback

        the_task = task(run, queue_name=queue_name, priority=priority)
        return the_task

    return decorate(func) if func else decorate


def _enqueue_now(the_task, args, kwargs, wait: datetime.timedelta | None = None):
    if wait and the_task.get_backend().supports_defer:
        the_task = the_task.using(run_after=timezone.now() + wait)
    return the_task.enqueue(*args, **kwargs)


def enqueue(the_task, *args, **kwargs) -> None:
    """Queue `the_task` once the current transaction commits (at once outside one); nothing
    on rollback. The state the job works from is in rows (a stale mark, a pending import),
    so a job lost between the commit and the queue is found again by a sweep."""
    transaction.on_commit(functools.partial(_enqueue_now, the_task, args, kwargs), robust=True)


# Schedules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    task: object  # a django-tasks Task taking one argument: its slot (a day, a time)
    at: datetime.time | None = None  # daily, from this local time on
    every: datetime.timedelta | None = None  # or every so often

    @property
    def name(self) -> str:
        return self.task.module_path

    def slot(self, now: datetime.datetime) -> str | None:
        """The run due at `now` (local time), or None before the day's time."""
        local = timezone.localtime(now)
        if self.every:
            step = int(self.every.total_seconds())
            start = local.replace(hour=0, minute=0, second=0, microsecond=0)
            elapsed = int((local - start).total_seconds()) // step * step
            return (start + datetime.timedelta(seconds=elapsed)).isoformat(timespec="minutes")
        if local.time() < self.at:
            return None
        return local.date().isoformat()


SCHEDULES: dict[str, Schedule] = {}


def daily(*, at: datetime.time, max_attempts: int = 5):
    """A job run once a day from `at` (local time); it gets the day as an ISO string, and a
    second run for the same day does nothing."""

    def decorate(func):
        the_task = job(func, once=True, max_attempts=max_attempts)
        schedule = Schedule(the_task, at=at)
        SCHEDULES[schedule.name] = schedule
        return the_task

    return decorate


def periodic(*, every: datetime.timedelta, max_attempts: int = 3):
    """A job run every `every` (a sweep); it gets its slot's start, once per slot."""

    def decorate(func):
        the_task = job(func, once=True, max_attempts=max_attempts)
        schedule = Schedule(the_task, every=every)
        SCHEDULES[schedule.name] = schedule
        return the_task

    return decorate


def schedules_discover() -> dict[str, Schedule]:
    """Every app's `tasks.py` imported, so that its schedules are registered."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    return SCHEDULES


def schedules_enqueue(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each scheduled job whose slot has come and is not yet enqueued. The slot's
    key is claimed in the same transaction as the queue's row, so two schedulers (two
    machines) enqueue each run once."""
    now = now or timezone.now()
    enqueued = []
    for name, schedule in sorted(schedules_discover().items()):
        slot = schedule.slot(now)
        if slot is None:
            continue
        with transaction.atomic():
            if not claim(f"schedule:{name}:{slot}"):
                continue
            _enqueue_now(schedule.task, (slot,), {})
        logger.info("scheduled job %s enqueued for %s", name, slot)
        enqueued.append(f"{name} {slot}")
    return enqueued


# Runs left RUNNING by a worker that died -------------------------------------------------

# A run claimed by this many workers is not put back again: it kills its worker (a poison).
MAX_CLAIMS = 3


def stale_runs_requeue(*, now: datetime.datetime, older_than: datetime.timedelta) -> dict:
    """Put back in the queue the runs a worker started and never finished (the worker was
    killed: django-tasks has no heartbeat, so such a run would stay RUNNING for ever).
    Jobs may run twice by design (see the module's docstring): running it again is safe.
    A run already claimed MAX_CLAIMS times is marked failed instead."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    requeued = failed = 0
    stale = DBTaskResult.objects.running().filter(started_at__lt=now - older_than)
    with transaction.atomic():
        for run in stale.select_for_update(skip_locked=True):
            if len(run.worker_ids) >= MAX_CLAIMS:
                run.status = TaskResultStatus.FAILED
                run.finished_at = now
                run.exception_class_path = "tremplin.common.jobs.StaleRun"
                run.traceback = f"started {len(run.worker_ids)} times, never finished"
                run.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
                logger.error("run %s of %s abandoned: never finished", run.pk, run.task_path)
                continue
            run.status = TaskResultStatus.READY
            run.started_at = None
            run.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning("run %s of %s put back in the queue", run.pk, run.task_path)
    return {"requeued": requeued, "failed": failed}


def job_keys_purge(*, before: datetime.datetime) -> int:
    return JobKey.objects.filter(claimed_at__lt=before).delete()[0]


# Health ---------------------------------------------------------------------------------


def queue_health(now: datetime.datetime | None = None) -> dict:
    """The queue as monitoring sees it: the oldest ready job's wait, the last job done."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    backend = task_backends["default"]
    if not backend.supports_get_result:  # the immediate backend of the tests: no queue
        return {"backend": type(backend).__name__, "oldest_ready_seconds": None}
    ready = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", "run_after")
    )
    oldest = ready.first()
    last = (
        DBTaskResult.objects.finished()
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    wait = None
    if oldest:
        enqueued_at, run_after = oldest
        due = run_after if run_after and run_after.year < 9999 else enqueued_at
        wait = max(0, int((now - max(due, enqueued_at)).total_seconds()))
    return {
        "backend": type(backend).__name__,
        "oldest_ready_seconds": wait,
        "running": DBTaskResult.objects.running().count(),
        "last_finished_at": last.isoformat() if last else None,
    }
