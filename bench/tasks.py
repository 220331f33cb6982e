"""The load bench's job: records each run (job number, worker's process) in a table the
bench creates, so that a job lost or run twice shows (bench/load.py)."""

import os

from django.db import connection
from django_tasks import task


@task()
def bench_record(n: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_job_run (n, pid) VALUES (%s, %s)", [n, os.getpid()])
