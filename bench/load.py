"""`python -m bench --only load`: the production server under load, on a PostgreSQL cluster
of its own (so that it can be restarted), loopback only, bounded in time.

1. initdb a throw-away cluster on a free port, migrate, `seed_demo --structures N`;
2. gunicorn (`config.wsgi`, bench.settings: production's, DEBUG off) and a `db_worker`;
3. locust, 50 users, on the key pages, then on a bare view through the same server;
4. a write load through the API (token, Idempotency-Key, retries) while PostgreSQL restarts:
   seconds of errors, lost and duplicated writes;
5. two gunicorns and two workers on the one cluster: the load split over both, 500 jobs
   (none lost or run twice), the writes again.

The database side (sessions, token, counts) runs in child processes: bench/load_db.py."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from cryptography.fernet import Fernet

from bench.pg_cluster import Cluster, free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def _say(text: str) -> None:
    print(f"{'':<34} {text}", flush=True)


class Processes:
    """Children in their own process groups, all stopped at the end."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs, self.children = env, logs, []
        self.workers: dict[str, subprocess.Popen] = {}
        self.worker_restarts = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        threading.Thread(target=self._supervise, daemon=True).start()

    def _supervise(self) -> None:
        """Start again a worker that stopped, as systemd's `Restart=always` does in
        production (docs/deploy.md): a worker exits when its database goes away."""
        while not self.stopping.wait(1.0):
            with self.lock:
                for name, child in list(self.workers.items()):
                    if child.poll() is not None:
                        self.worker_restarts += 1
                        self.workers[name] = self._worker(f"{name}.{self.worker_restarts}")

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        with open(self.logs / f"{name}.log", "w") as log:  # the child keeps its copy
            child = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.children.append(child)
        return child

    def stop(self, child: subprocess.Popen) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()

    def stop_all(self) -> None:
        self.stopping.set()
        with self.lock:
            self.workers.clear()
        for child in reversed(self.children):
            if child.poll() is None:
                self.stop(child)

    def gunicorn(self, port: int, workers: int, threads: int) -> subprocess.Popen:
        child = self.start(
            f"gunicorn-{port}",
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", "60",
             "--graceful-timeout", "10", "--access-logfile", "-"],
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise RuntimeError(f"gunicorn on {port} stopped: see {self.logs}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=5)
                return child
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn on {port} did not answer in 120 s")

    def worker(self, name: str) -> subprocess.Popen:
        with self.lock:
            self.workers[name] = self._worker(name)
            return self.workers[name]

    def _worker(self, name: str) -> subprocess.Popen:
        return self.start(
            name, [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
                   "--interval", "0.2"],
        )  # fmt: skip


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


def _db(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "bench.load_db", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"bench.load_db {' '.join(args)}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Page load (locust) --------------------------------------------------------------------


def _locust(env: dict, work: Path, name: str, pages: list, host: str, users: int, seconds: int):
    pages_file = work / f"{name}.json"
    pages_file.write_text(json.dumps(pages))
    prefix = work / name
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", host,
        "--csv", str(prefix), "--only-summary", "--stop-timeout", "5", "--loglevel", "ERROR",
    ]  # fmt: skip
    with open(work / f"{name}.err", "w") as errors:
        child = subprocess.Popen(
            command, cwd=ROOT, env={**env, "BENCH_LOAD_PAGES": str(pages_file)},
            stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    return child, prefix


def _ms(value: str) -> float:
    return 0.0 if value in ("", "N/A") else float(value)


def _stats(prefix: Path) -> dict[str, dict]:
    """Locust's per-name stats: requests/s, p50 and p95 (ms), requests, failures."""
    rows = {}
    with open(f"{prefix}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "rps": float(row["Requests/s"]),
                "p50": _ms(row["50%"]),
                "p95": _ms(row["95%"]),
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
            }
    if len(rows) <= 1:  # the aggregated row only: the users never got an answer
        raise RuntimeError(f"locust made no request in {prefix}: see {prefix}.err")
    return rows


def _merge(parts: list[dict]) -> dict:
    """Two locust runs side by side: requests/s and counts add, latencies weighted."""
    total = sum(p["requests"] for p in parts) or 1
    return {
        "rps": sum(p["rps"] for p in parts),
        "p50": sum(p["p50"] * p["requests"] for p in parts) / total,
        "p95": max(p["p95"] for p in parts),
        "requests": sum(p["requests"] for p in parts),
        "failures": sum(p["failures"] for p in parts),
    }


def _page_list(prepared: dict) -> list[dict]:
    cookie = prepared["cookie"]
    return [
        {
            "name": name,
            "path": path,
            "cookie": f"{cookie}={prepared[who]}" if who else None,
            "people": prepared["people"][:200],
        }
        for name, path, who in prepared["pages"]
    ]


def _report_pages(report, label: str, stats: dict, floor: dict, size: str) -> None:
    for name, row in stats.items():
        if name in ("Aggregated", "floor"):
            continue
        report(
            f"{label}{name} p95", size, row["p95"] / 1000, row["p95"] / max(floor["p95"], 0.1),
            "bare Django view p95, same server",
        )  # fmt: skip
        _say(
            f"{row['rps']:.1f} req/s, p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, "
            f"{row['failures']} errors / {row['requests']}"
        )
    _say(
        f"bare Django view: {floor['rps']:.1f} req/s, p50 {floor['p50']:.0f} ms, "
        f"p95 {floor['p95']:.0f} ms, {floor['failures']} errors / {floor['requests']}"
    )


# --- Write load through the API, with retries ----------------------------------------------


class Writers:
    """N clients posting time entries with a token and an Idempotency-Key each, retrying on
    any error or timeout with the same key until a 2xx or a 4xx (a refusal, not a fault)."""

    def __init__(self, prepared: dict, hosts: list[str], clients: int):
        self.token, self.client = prepared["token"], prepared["client"]
        pairs = [(p, d) for d in prepared["days"] for p in prepared["people"][:40]]
        self.queues = [pairs[i::clients] for i in range(clients)]
        self.hosts, self.stop = hosts, threading.Event()
        self.told: list[list] = []  # [person, date, final status]
        self.errors: list[float] = []  # monotonic times of errors seen
        self.successes: list[float] = []  # monotonic times of 2xx answers
        self.error_statuses: dict[int, int] = {}  # 0: no answer (refused, reset, timeout)
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)
        ]

    def _post(self, host: str, person: int, day: str, key: str) -> int:
        body = json.dumps(
            {"person": person, "client": self.client, "date": day, "hours": "0.50"}
        ).encode()
        request = urllib.request.Request(
            f"{host}/api/v1/heures/", data=body, method="POST",
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key,
                     "Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:  # refused, reset, timed out
            return 0

    def _run(self, index: int) -> None:
        host = self.hosts[index % len(self.hosts)]
        for person, day in self.queues[index]:
            if self.stop.is_set():
                return
            key, status, deadline = str(uuid.uuid4()), 0, time.monotonic() + 90
            while time.monotonic() < deadline:
                status = self._post(host, person, day, key)
                if 200 <= status < 300 or status in (400, 403, 404, 422):
                    break
                with self.lock:
                    self.errors.append(time.monotonic())
                    self.error_statuses[status] = self.error_statuses.get(status, 0) + 1
                time.sleep(0.2)  # a 5xx, 409 (same key still running) or no answer
            with self.lock:
                self.told.append([person, day, status])
                if 200 <= status < 300:
                    self.successes.append(time.monotonic())

    def run(self, seconds: float, during=None) -> None:
        started = time.monotonic()
        for thread in self.threads:
            thread.start()
        if during is not None:
            during()
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def _check_writes(env: dict, work: Path, writers: Writers, name: str) -> dict:
    told_file = work / f"{name}-told.json"
    told_file.write_text(json.dumps(writers.told))
    counts = _db(env, "count", str(told_file))
    statuses: dict[int, int] = {}
    for _p, _d, status in writers.told:
        statuses[status] = statuses.get(status, 0) + 1
    counts["statuses"] = statuses
    return counts


# --- The group ---------------------------------------------------------------------------


def bench_load(report, *, structures: int, users: int, seconds: int, jobs: int) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            f"{'load':<34} skipped: PostgreSQL only (set DATABASE_URL=postgres://…; the bench "
            "starts a cluster of its own with /usr/lib/postgresql/*/bin)",
            flush=True,
        )
        return
    started = time.monotonic()
    cluster = Cluster()
    work = Path(tempfile.mkdtemp(prefix="tremplin-bench-load."))
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "TREMPLIN_BENCH": "1",
        # Fresh secrets each run: the production settings refuse weak or public ones.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "NIR_HASH_KEY": secrets.token_urlsafe(32),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CACHE_URL": f"filecache://{work / 'cache'}",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    processes = Processes(env, work)
    # Stopped from outside (timeout, Ctrl-C): still stop the servers and the cluster.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))
    try:
        cluster.start()
        _manage(env, "migrate", "--noinput", "-v", "0")
        seeding = time.monotonic()
        _manage(env, "seed_demo", "--structures", str(structures), "-v", "0")
        seeded = time.monotonic() - seeding
        # The seed leaves every structure's observatory stale: drain those refreshes first,
        # so that the load measures a network in its steady state, not the catch-up.
        draining = time.monotonic()
        _manage(env, "db_worker", "--queue-name", "*", "--batch", "--no-startup-delay")
        drained = time.monotonic() - draining
        prepared = _db(env, "prepare")
        _say(
            f"PostgreSQL {cluster.bin.parent.name} on 127.0.0.1:{cluster.port} (own cluster); "
            f"seed_demo --structures {structures} in {seeded:.0f} s; "
            f"queue drained in {drained:.0f} s"
        )
        size = f"{structures} str., {users} users, {seconds} s"
        _bench_pages(report, env, work, processes, prepared, size, users, seconds)
        _bench_faults(report, env, work, processes, cluster, prepared)
        _bench_scale_out(report, env, work, processes, prepared, size, users, seconds, jobs)
        _say(f"(load group: {time.monotonic() - started:.0f} s; logs in {work})")
    finally:
        processes.stop_all()
        cluster.stop()


def _bench_pages(report, env, work, processes, prepared, size, users, seconds) -> None:
    port = free_port()
    server = processes.gunicorn(port, workers=2, threads=2)
    worker = processes.worker("worker")
    host = f"http://127.0.0.1:{port}"
    _say(f"gunicorn config.wsgi on 127.0.0.1:{port}: 2 workers × 2 threads; 1 db_worker")
    locust, prefix = _locust(env, work, "pages", _page_list(prepared), host, users, seconds)
    locust.wait(timeout=seconds + 60)
    floor_pages = [{"name": "floor", "path": "/bench/floor/"}]
    locust, floor_prefix = _locust(env, work, "floor", floor_pages, host, users, seconds)
    locust.wait(timeout=seconds + 60)
    floor = _stats(floor_prefix)["floor"]
    _report_pages(report, "", _stats(prefix), floor, size)
    # One user alone: the time each page costs the server, without the queue of 50.
    locust, alone_prefix = _locust(env, work, "alone", _page_list(prepared), host, 1, 15)
    locust.wait(timeout=75)
    locust, floor_alone_prefix = _locust(env, work, "floor-alone", floor_pages, host, 1, 5)
    locust.wait(timeout=65)
    floor_alone = _stats(floor_alone_prefix)["floor"]
    for name, row in sorted(_stats(alone_prefix).items()):
        if name != "Aggregated":
            ratio = row["p50"] / max(floor_alone["p50"], 0.1)
            _say(
                f"1 user alone, {name}: p50 {row['p50']:.0f} ms, ×{ratio:.0f} the bare view's "
                f"p50 ({floor_alone['p50']:.0f} ms), {row['requests']} requests"
            )
    prepared["_single"] = (server, worker, host)


def _bench_faults(report, env, work, processes, cluster, prepared) -> None:
    _server, _worker, host = prepared["_single"]
    writers = Writers(prepared, [host], clients=8)
    restarted: dict[str, float] = {}

    def restart():
        time.sleep(5)
        restarted["at"] = time.monotonic()
        cluster.restart()
        restarted["took"] = time.monotonic() - restarted["at"]

    writers.run(25, during=restart)
    errors = writers.errors
    # From the first error to the first write answered after the last error: the outage as
    # the clients lived it.
    window = 0.0
    if errors:
        after = [t for t in writers.successes if t > max(errors)]
        window = (min(after) if after else max(errors)) - min(errors)
    counts = _check_writes(env, work, writers, "faults")
    report(
        "API writes, PostgreSQL restarted", f"8 clients, {counts['keys']} keys", window,
        window / max(restarted.get("took", 0.001), 0.001), "pg_ctl restart -m fast duration",
    )  # fmt: skip
    _say(
        f"restart took {restarted.get('took', 0):.1f} s; clients saw errors for {window:.1f} s "
        f"({len(errors)} failed tries {writers.error_statuses}, retried with the same key); "
        f"final answers: {counts['statuses']}"
    )
    _say(
        f"lost writes (told 2xx, no row): {counts['lost']}; duplicated (rows past one per key): "
        f"{counts['duplicated']}; rows {counts['rows']} for {counts['acknowledged']} 2xx, "
        f"{counts['unacknowledged_rows']} rows of keys never answered 2xx"
    )
    _say(
        f"db_worker exits on the restart: {processes.worker_restarts} (started again, as "
        "systemd's Restart=always does)"
    )


def _bench_scale_out(report, env, work, processes, prepared, size, users, seconds, jobs) -> None:
    _server, _worker, first = prepared["_single"]
    port = free_port()
    processes.gunicorn(port, workers=2, threads=2)
    processes.worker("worker-2")
    second = f"http://127.0.0.1:{port}"
    _say(f"scale-out: gunicorn on {first} and {second}, 2 db_workers, one PostgreSQL")
    _db(env, "enqueue", str(jobs))
    pages = _page_list(prepared)
    runs = [
        _locust(env, work, f"scale-{i}", pages, host, users // 2, seconds)
        for i, host in enumerate((first, second))
    ]
    writers = Writers(prepared | {"days": prepared["days"][60:]}, [first, second], clients=4)
    writers.run(seconds)
    for locust, _prefix in runs:
        locust.wait(timeout=seconds + 60)
    floor = _stats(work / "floor")["floor"]
    per_host = [_stats(prefix) for _locust_run, prefix in runs]
    merged = {name: _merge([h[name] for h in per_host if name in h]) for name in per_host[0]}
    _report_pages(report, "2 servers: ", merged, floor, size)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        result = _db(env, "jobs", str(jobs))
        if result["pending"] == 0:
            break
        time.sleep(2)
    report(
        "jobs on 2 workers, under the load", f"{jobs} jobs", result["span"],
        result["runs"] / jobs, "jobs enqueued (runs / jobs)",
    )  # fmt: skip
    _say(
        f"jobs: {result['runs']} runs of {result['distinct']} jobs; lost {result['lost']}, "
        f"run twice {result['twice']}, still pending {result['pending']}; "
        f"runs per worker {result['by_worker']}; first to last run {result['span']:.1f} s"
    )
    counts = _check_writes(env, work, writers, "scale")
    _say(
        f"writes over 2 servers: {counts['acknowledged']} 2xx, {counts['rows']} rows; lost "
        f"{counts['lost']}, duplicated {counts['duplicated']}; answers {counts['statuses']}"
    )
