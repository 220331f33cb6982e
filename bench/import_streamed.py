"""Import of people through the streamed path (tremplin.people.imports reads the file twice,
in bounded memory) in a child process, so that its peak memory is the import's own: size,
time, peak resident memory, and the ratio to writing the same rows into the persons table
at the database's own speed: PostgreSQL `COPY` (on SQLite, `executemany` of one INSERT).

    python -m bench --only streamed --streamed-rows 20000

The caller provides a fresh database (bench.__main__.fresh_database); the child reaches it
through DATABASE_URL.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "127.0.0.1"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{config['NAME']}"


def _child(path: str, structure_id: int, actor_id: int) -> None:
    """Run in the child: the import, then one line of JSON on stdout."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from tremplin.accounts.models import User
    from tremplin.network.models import Structure
    from tremplin.people.imports import people_import

    actor, structure = User.objects.get(pk=actor_id), Structure.objects.get(pk=structure_id)
    at_rest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    result = people_import(actor=actor, structure=structure, source=path, progress=progress)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "checked": stages.get("save", time.perf_counter()) - started,
                "created": result.created,
                "errors": result.errors[:5],
                "peak_kib": peak,
                "at_rest_kib": at_rest,
            }
        )
    )


def _columns() -> list[str]:
    from tremplin.people.models import Person

    return [f.column for f in Person._meta.concrete_fields if not f.primary_key]


def _copy_reference(source_id: int, target_id: int) -> tuple[float, str]:
    """Write the imported rows again, into another structure, at the database's speed;
    rolled back. (seconds, what was measured)."""
    from django.db import connection, transaction

    columns = _columns()
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    selected = ", ".join(
        str(target_id) if c == "structure_id" else connection.ops.quote_name(c) for c in columns
    )
    table = connection.ops.quote_name("people_person")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(
                f"COPY (SELECT {selected} FROM {table} WHERE structure_id = {source_id}) TO STDOUT"
            ) as copy:
                for block in copy:
                    buffer.write(block)
            data = buffer.getvalue()
            started = time.perf_counter()
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write(data)
            elapsed = time.perf_counter() - started
            what = "COPY of the same rows into the persons table"
        else:
            cursor.execute(f"SELECT {selected} FROM {table} WHERE structure_id = %s", [source_id])
            rows = cursor.fetchall()
            marks = ", ".join(["%s"] * len(columns))
            started = time.perf_counter()
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            elapsed = time.perf_counter() - started
            what = "SQLite executemany of the same rows into the persons table (no COPY)"
        transaction.set_rollback(True)
    return elapsed, what


def bench_import_streamed(rows: int) -> None:
    from bench.__main__ import report
    from bench.people_import import _setup, generate_rows, write_csv
    from tremplin.network.models import Commune
    from tremplin.people.models import Person

    communes = list(Commune.objects.order_by("code").values_list("code", flat=True))
    structure, director = _setup("ACI du flux", 11)
    target, _director = _setup("ACI de la copie", 12)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "personnes.csv"
        write_csv(path, generate_rows(rows, communes))
        megabytes = path.stat().st_size / 1e6
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "IMPORT_MAX_BYTES": str(max(int(megabytes * 1e6) + 1, 20_000_000)),
            "IMPORT_MAX_ROWS": str(max(rows, 100_000)),
        }
        arguments = [str(path), str(structure.pk), str(director.pk)]
        child = subprocess.run(
            [sys.executable, "-m", "bench.import_streamed", *arguments],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    assert outcome["created"] == rows, outcome["errors"]
    assert Person.objects.filter(structure=structure).count() == rows
    copied, what = _copy_reference(structure.pk, target.pk)
    elapsed = outcome["seconds"]
    report(
        "people import (streamed, child)",
        f"{rows} rows, {megabytes:.1f} MB",
        elapsed,
        elapsed / copied,
        f"{what} ({copied * 1000:.0f} ms)",
    )
    peak, at_rest = outcome["peak_kib"] / 1024, outcome["at_rest_kib"] / 1024
    print(
        f"{'':<34} (peak RSS {peak:.0f} MiB, {peak - at_rest:.0f} MiB above the process at "
        f"rest; check {outcome['checked']:.1f} s, save with history "
        f"{elapsed - outcome['checked']:.1f} s)"
    )


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
