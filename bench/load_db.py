"""The load bench's database side, run as a child process against the bench's own
PostgreSQL cluster (DATABASE_URL and the server's settings come from the environment):

    python -m bench.load_db prepare            # sessions, token, URLs: JSON on stdout
    python -m bench.load_db count FILE         # what clients were told (FILE) vs the rows
    python -m bench.load_db enqueue N          # N bench jobs on the queue
    python -m bench.load_db jobs N             # how many ran, how many twice, by which worker

A child process, not the bench's own: the bench process is set up on another database."""

from __future__ import annotations

import datetime
import json
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402

BENCH_EMAIL = "bench.writer@tremplin.test"
RUNS_TABLE = "bench_job_run"


def _session(user, structure_id=None) -> str:
    """A logged-in session as the login (and its second factor) would have left it."""
    from importlib import import_module

    from tremplin.accounts.security import session_record
    from tremplin.accounts.selectors import SESSION_STRUCTURE_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if structure_id is not None:
        session[SESSION_STRUCTURE_KEY] = structure_id
    session_record(session, user, verified=True)
    session.save()
    return session.session_key


def _writable_days(structure_id: int, count: int) -> list[str]:
    """Past days of months still open (hours are entered once worked)."""
    from tremplin.missions.services.hours import month_is_closed

    day, days = datetime.date.today() - datetime.timedelta(days=1), []
    while len(days) < count and day.year > datetime.date.today().year - 2:
        if not month_is_closed(structure_id, day):
            days.append(day.isoformat())
        day -= datetime.timedelta(days=1)
    return days


@transaction.atomic
def prepare() -> dict:
    from tremplin.accounts import services as accounts
    from tremplin.accounts.api_tokens import api_token_create
    from tremplin.accounts.models import StructureRole, User, UserKind
    from tremplin.missions.models import Client
    from tremplin.network.demo import DEMO_DOMAIN
    from tremplin.people.models import Person

    director = User.objects.get(email=f"direction@{DEMO_DOMAIN}")
    federation = User.objects.get(email=f"federation@{DEMO_DOMAIN}")
    membership = director.structure_memberships.order_by("structure_id").first()
    structure_id = membership.structure_id
    people = list(
        Person.objects.filter(structure_id=structure_id).order_by("pk").values_list("pk", flat=True)
    )
    # A writer of its own, so that its rows are told apart from the demo's.
    writer = User.objects.filter(email=BENCH_EMAIL).first() or accounts.user_create(
        email=BENCH_EMAIL, kind=UserKind.STRUCTURE_STAFF, password=None
    )
    accounts.structure_membership_add(
        user=writer, structure=membership.structure, role=StructureRole.PLANNER
    )
    _token, key = api_token_create(user=writer, name="bench", days=1)
    client = Client.objects.filter(structure_id=structure_id).order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {RUNS_TABLE} (n integer NOT NULL, pid integer NOT NULL,"
            " at timestamptz NOT NULL DEFAULT now())"
        )
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "director": _session(director, structure_id),
        "federation": _session(federation),
        "people": people,
        "client": client.pk,
        "token": key,
        "days": _writable_days(structure_id, 120),
        "pages": [
            ("login page", "/connexion/", None),
            ("person list", "/personnes/", "director"),
            ("person file", "/personnes/{person}/", "director"),
            ("week grid", "/planning/", "director"),
            ("invoices list", "/factures/", "director"),
            ("observatory dashboard", "/observatoire/reseau/", "federation"),
        ],
    }


def count(path: str) -> dict:
    """Each key's (person, date) against the writer's rows: lost = told 2xx and no row,
    duplicated = rows past one per key; written without a 2xx = a row the client was not
    told of (it gave up)."""
    from tremplin.missions.models import TimeEntry

    told = json.loads(Path(path).read_text())  # [[person, date, status], ...]
    rows = Counter(
        (person, day.isoformat())
        for person, day in TimeEntry.objects.filter(entered_by__email=BENCH_EMAIL).values_list(
            "person_id", "date"
        )
    )
    acknowledged = {(p, d) for p, d, status in told if 200 <= status < 300}
    keys = {(p, d) for p, d, _status in told}
    return {
        "keys": len(keys),
        "acknowledged": len(acknowledged),
        "rows": sum(rows[k] for k in keys),
        "lost": sum(1 for k in acknowledged if rows[k] == 0),
        "duplicated": sum(rows[k] - 1 for k in keys if rows[k] > 1),
        "unacknowledged_rows": sum(rows[k] for k in keys - acknowledged),
    }


def enqueue(n: int) -> dict:
    from bench.tasks import bench_record

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {RUNS_TABLE}")
    for index in range(n):
        bench_record.enqueue(index)
    return {"enqueued": n}


def jobs(n: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, pid FROM {RUNS_TABLE}")
        runs = cursor.fetchall()
        cursor.execute(f"SELECT EXTRACT(EPOCH FROM max(at) - min(at)) FROM {RUNS_TABLE}")
        span = float(cursor.fetchone()[0] or 0)
    per_job = Counter(job for job, _pid in runs)
    pending = (
        DBTaskResult.objects.filter(task_path="bench.tasks.bench_record")
        .exclude(status__in=["SUCCESSFUL", "FAILED"])
        .count()
    )
    return {
        "runs": len(runs),
        "distinct": len(per_job),
        "lost": sum(1 for job in range(n) if per_job[job] == 0),
        "twice": sum(c - 1 for c in per_job.values() if c > 1),
        "pending": pending,
        "span": span,  # seconds from the first run to the last
        "by_worker": sorted(Counter(pid for _job, pid in runs).values(), reverse=True),
    }


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "prepare":
        result = prepare()
    elif command == "count":
        result = count(rest[0])
    elif command == "enqueue":
        result = enqueue(int(rest[0]))
    elif command == "jobs":
        result = jobs(int(rest[0]))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
