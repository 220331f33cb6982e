import datetime

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import jobs_for_tests as t

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_QUEUE)
def test_healthz_reports_the_database_and_the_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["queue"] == {
        "status": "ok",
        "backend": "DatabaseBackend",
        "oldest_ready_seconds": None,
        "running": 0,
        "last_finished_at": None,
    }
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(TASKS=DATABASE_QUEUE, HEALTHZ_QUEUE_MAX_WAIT=datetime.timedelta(minutes=15))
def test_healthz_is_503_when_no_worker_takes_the_jobs(client, db):
    result = t.flaky.enqueue(0, "waiting")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=14)
    )
    assert client.get("/healthz").status_code == 200
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"]["status"] == "late"
    assert response.json()["queue"]["oldest_ready_seconds"] >= 16 * 60


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_job_not_due_yet_is_not_late(client, db):
    t.flaky.using(run_after=timezone.now() + datetime.timedelta(hours=2)).enqueue(0, "later")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.get("/healthz").json()["queue"]["oldest_ready_seconds"] is None
