"""Imports run by the queue: the job row survives the web process, a second run of the
same job imports nothing more, and a job whose worker died says so and can start again."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tremplin.people.models import ImportJob, Person
from tremplin.people.services import import_jobs

EXAMPLE = (Path(__file__).parent.parent / "data" / "import_exemple.csv").read_bytes()
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# Committing tests keep the territories of the Rhône and Ille-et-Vilaine only.
RHONE_ONLY = b"\n".join(
    line for line in EXAMPLE.split(b"\n") if b"01500" not in line and b"97411" not in line
)


def _start(world, django_capture_on_commit_callbacks, dry_run=False, data=EXAMPLE, run=True):
    with django_capture_on_commit_callbacks(execute=run):
        return import_jobs.import_job_start(
            actor=world.user("conseiller"),
            structure=world.own,
            upload=SimpleUploadedFile("gens.csv", data),
            dry_run=dry_run,
        )


@pytest.mark.django_db(transaction=True)  # the worker closes connections found in a transaction
@override_settings(TASKS=DATABASE_QUEUE)
def test_an_import_waits_in_the_queue_then_a_worker_runs_it(
    world, client, django_capture_on_commit_callbacks
):
    job = _start(world, django_capture_on_commit_callbacks, data=RHONE_ONLY)
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "tremplin.people.tasks.import_job_task"
    assert task.args_kwargs["args"] == [job.pk]
    client.force_login(world.user("conseiller"))
    page = client.get(reverse("people:import_job", args=[job.pk]))
    assert page.context["job"].status == "pending" and not page.context["job"].interrupted
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the page polls
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.created, Person.objects.count()) == ("done", 3, 3), job.errors


def test_a_second_run_of_the_same_job_imports_nothing_more(
    world, django_capture_on_commit_callbacks
):
    job = _start(world, django_capture_on_commit_callbacks)
    assert ImportJob.objects.get(pk=job.pk).status == "done" and Person.objects.count() == 5
    import_jobs.import_job_run(job.pk)  # the queue ran it again (a retry, a duplicate)
    assert Person.objects.count() == 5


def test_a_job_whose_worker_died_says_so_and_starts_again(
    world, client, settings, django_capture_on_commit_callbacks
):
    # As a worker killed in the middle leaves it: running, its last progress long ago, its
    # file still there (a finished run, even a failed one, deletes it).
    job = _start(world, django_capture_on_commit_callbacks, dry_run=True, run=False)
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    settings.IMPORT_JOB_STALE_AFTER = datetime.timedelta(minutes=15)
    client.force_login(world.user("conseiller"))
    url = reverse("people:import_job", args=[job.pk])
    page = client.get(url, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert page.context["job"].interrupted
    assert "s'est arrêté avant la fin" in html and "hx-trigger" not in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"restart": "1"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.total == 5


def test_a_running_job_with_recent_progress_is_not_interrupted(world, settings):
    job = ImportJob.objects.create(
        structure=world.own, user=world.user("conseiller"), original_name="x.csv"
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    job.refresh_from_db()
    import_jobs._heartbeat(job.pk, "check", 10, 100)  # the worker is alive
    assert not import_jobs.import_job_progress(job).interrupted
    assert import_jobs.is_interrupted(job, None)  # without news it would be
