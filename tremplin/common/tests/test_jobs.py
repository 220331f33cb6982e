"""The queue: jobs wait in the database for a worker (they survive a restart of the web
process), failures worth it are retried with a backoff, a job done once is not done
twice, and the scheduler enqueues each daily run once."""

import datetime
import logging
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tremplin.common import jobs
from tremplin.common.models import JobKey

from . import jobs_for_tests as t

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _calls():
    t.CALLS.clear()


# The worker closes the connections it finds inside a transaction: its tests commit.
WORKER = pytest.mark.django_db(transaction=True)


def work_the_queue():
    """What `manage.py db_worker --batch` does: run every job ready, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@WORKER
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_job_waits_in_the_database_until_a_worker_runs_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        jobs.enqueue(t.flaky, 0, "survives")
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    (row,) = DBTaskResult.objects.all()
    assert row.status == "READY" and row.task_path.endswith("jobs_for_tests.flaky")
    assert t.CALLS == []  # the web process ran nothing: a restart would lose nothing
    work_the_queue()
    row.refresh_from_db()
    assert (row.status, row.return_value, t.CALLS) == ("SUCCESSFUL", 1, ["survives"])


def test_nothing_is_queued_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        jobs.enqueue(t.flaky, 0, "rolled back")
        transaction.set_rollback(True)
    assert callbacks == [] and t.CALLS == []


@WORKER
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_database_hiccup_is_retried_later_with_a_backoff(db, caplog):
    t.flaky.enqueue(1, "hiccup")
    with caplog.at_level(logging.WARNING, logger="tremplin.jobs"):
        work_the_queue()
    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED" and "OperationalError" in failed.exception_class_path
    assert retry.status == "READY" and retry.args_kwargs["kwargs"] == {jobs.ATTEMPT: 2}
    wait = retry.run_after - failed.finished_at
    assert datetime.timedelta(seconds=25) < wait <= datetime.timedelta(seconds=31)
    assert "attempt 1 failed" in caplog.text
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=failed.finished_at)  # time passes
    work_the_queue()
    retry.refresh_from_db()
    assert (retry.status, retry.return_value, t.CALLS) == ("SUCCESSFUL", 2, ["hiccup"] * 2)


def test_retries_are_bounded_and_a_bug_is_not_retried(db, caplog):
    with caplog.at_level(logging.WARNING, logger="tremplin.jobs"):
        t.flaky.enqueue(5, "always")  # immediate backend: the retries run at once
        t.broken.enqueue("bug")
    assert t.CALLS.count("always") == 3  # max_attempts
    assert "failed after 3 attempts" in caplog.text
    assert t.CALLS.count("bug") == 1


def test_a_job_run_twice_with_the_same_arguments_does_its_work_once(db):
    assert t.effect.enqueue("mail").return_value == 1
    assert t.effect.enqueue("mail").return_value is None  # skipped: done already
    assert t.effect.enqueue("other").return_value == 2
    assert t.CALLS == ["mail", "other"]


def test_a_once_job_that_fails_leaves_its_key_free_for_the_retry(db):
    key = jobs.once_key("k", [1], {})
    with pytest.raises(RuntimeError), transaction.atomic():
        assert jobs.claim(key)
        raise RuntimeError
    assert jobs.claim(key) and not jobs.claim(key)


def _schedules(monkeypatch, at=datetime.time(6, 0)):
    schedule = jobs.Schedule(t.daily_for_test, at=at)
    monkeypatch.setattr(jobs, "SCHEDULES", {schedule.name: schedule})
    monkeypatch.setattr(jobs, "schedules_discover", lambda: jobs.SCHEDULES)


@WORKER
@override_settings(TASKS=DATABASE_QUEUE)
def test_two_schedulers_enqueue_each_daily_job_once_a_day(db, monkeypatch):
    _schedules(monkeypatch)
    before = datetime.datetime(2026, 3, 2, 5, 59, tzinfo=PARIS)
    assert jobs.schedules_enqueue(before) == []
    at = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=PARIS)
    first = jobs.schedules_enqueue(at)
    second = jobs.schedules_enqueue(at + datetime.timedelta(hours=3))  # another scheduler
    assert len(first) == 1 and second == []
    assert DBTaskResult.objects.get().args_kwargs["args"] == ["2026-03-02"]
    assert len(jobs.schedules_enqueue(at + datetime.timedelta(days=1))) == 1  # the next day
    work_the_queue()
    assert t.CALLS == ["2026-03-02", "2026-03-03"]


def test_the_app_schedules_are_registered():
    names = set(jobs.schedules_discover())
    assert {
        "tremplin.people.tasks.worklist_daily",
        "tremplin.people.tasks.proofs_purge_daily",
        "tremplin.people.tasks.anonymise_expired_daily",
        "tremplin.observatory.tasks.observatory_sweep",
        "tremplin.common.tasks.keys_purge",
        "tremplin.common.tasks.stale_runs_recover",
    } <= names


def test_a_sweep_runs_once_per_slot():
    sweep = jobs.Schedule(t.daily_for_test, every=datetime.timedelta(minutes=10))
    at = datetime.datetime(2026, 3, 2, 10, 27, tzinfo=PARIS)
    assert sweep.slot(at) == "2026-03-02T10:20+01:00"
    assert sweep.slot(at + datetime.timedelta(minutes=2)) == "2026-03-02T10:20+01:00"
    assert sweep.slot(at + datetime.timedelta(minutes=3)) == "2026-03-02T10:30+01:00"


def test_run_scheduler_once_enqueues_the_due_jobs(db, monkeypatch):
    _schedules(monkeypatch, at=datetime.time(0, 0))  # due whatever the time of the run
    call_command("run_scheduler", "--once", verbosity=0)
    assert JobKey.objects.filter(key__startswith="schedule:").count() == 1


@WORKER
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_run_left_running_by_a_killed_worker_goes_back_in_the_queue(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(t.flaky, 0, "interrupted")
    (run,) = DBTaskResult.objects.all()
    run.claim("worker-killed-by-the-oom-killer")  # RUNNING, and nobody will finish it
    started = run.started_at
    older_than = datetime.timedelta(hours=2)
    assert jobs.stale_runs_requeue(
        now=started + older_than - datetime.timedelta(seconds=1), older_than=older_than
    ) == {"requeued": 0, "failed": 0}
    run.refresh_from_db()
    assert run.status == "RUNNING"
    later = started + older_than + datetime.timedelta(seconds=1)
    assert jobs.stale_runs_requeue(now=later, older_than=older_than) == {
        "requeued": 1,
        "failed": 0,
    }
    work_the_queue()
    run.refresh_from_db()
    assert (run.status, t.CALLS) == ("SUCCESSFUL", ["interrupted"])


@WORKER
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_run_that_kills_every_worker_is_given_up_after_three_claims(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue(t.flaky, 0, "poison")
    (run,) = DBTaskResult.objects.all()
    for worker in ("w1", "w2", "w3"):
        run.claim(worker)
    later = run.started_at + datetime.timedelta(hours=3)
    result = jobs.stale_runs_requeue(now=later, older_than=datetime.timedelta(hours=2))
    assert result == {"requeued": 0, "failed": 1}
    run.refresh_from_db()
    assert run.status == "FAILED" and "never finished" in run.traceback
    work_the_queue()
    assert t.CALLS == []
