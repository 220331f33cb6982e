"""`make bench`: each line gives a name, a size, a time and a ratio against a reference
measured in the same run. Runs on a throw-away database (SQLite file, or the PostgreSQL
server of DATABASE_URL, database test_<name>).

    python -m bench [--only seed,directory]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

RESULTS: list[str] = []


def report(name: str, size: str, seconds: float, ratio: float, reference: str) -> None:
    line = f"{name:<34} {size:<22} {seconds * 1000:>10.1f} ms   ×{ratio:>7.2f} vs {reference}"
    RESULTS.append(line)
    print(line, flush=True)


@contextmanager
def fresh_database():
    """A new empty database with the migrations applied (the test database machinery)."""
    from django.core.management import call_command

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench.sqlite3")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_territories", verbosity=0)
        yield name
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _empty_network():
    from tremplin.accounts.models import User
    from tremplin.network.models import Structure, StructureGroup

    User.objects.all().delete()
    Structure.objects.all().delete()
    StructureGroup.objects.all().delete()


def bench_seed(sizes: list[int], naive_size: int) -> None:
    """seed_demo's bulk generation against the naive way: one service call per structure,
    user and membership (what a page would do), measured on `naive_size` structures and
    scaled linearly to each size."""
    from tremplin.accounts import services as accounts
    from tremplin.accounts.models import User, UserKind
    from tremplin.network import demo, services
    from tremplin.network.models import Commune

    demo.ensure_reference_data()
    # Naive: the same count of structures through the services, one at a time.
    rng = random.Random(1)
    communes = list(Commune.objects.filter(population__gt=5000).order_by("code")[:500])
    federation = User.objects.create_user("bench@tremplin.test", kind=UserKind.FEDERATION)
    started = time.perf_counter()
    for index in range(naive_size):
        structure = services.structure_create(
            actor=federation,
            name=f"Structure {index}",
            siret=demo.siret_for(index),
            kind="AI",
            address="1 rue de la Gare",
            commune=rng.choice(communes),
        )
        for role in ("director", "conseiller", "planner"):
            user = accounts.user_create(
                email=f"u{index}.{role}@tremplin.test",
                kind=UserKind.STRUCTURE_STAFF,
                password=None,
            )
            accounts.structure_membership_add(user=user, structure=structure, role=role)
    naive = time.perf_counter() - started
    _empty_network()
    for size in sizes:
        started = time.perf_counter()
        with transaction.atomic():
            network = demo.seed_network(count=size, seed=2)
            demo.demo_accounts_create(network)
        elapsed = time.perf_counter() - started
        report(
            "seed_demo",
            f"{size} structures",
            elapsed,
            elapsed / (naive * size / naive_size),
            f"services one by one ({naive_size} in {naive * 1000:.0f} ms, scaled)",
        )
        _empty_network()


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def bench_directory(structures: int, requests: int) -> None:
    """Directory search, 30 km around communes that have structures: p95 of the page and of
    the API against a bare Django view through the same test client."""
    from tremplin.network import demo
    from tremplin.network.models import Structure

    demo.ensure_reference_data()
    with transaction.atomic():
        demo.seed_network(count=structures, seed=3)
    rng = random.Random(3)
    labels = [
        s.commune.label
        for s in Structure.objects.published().select_related("commune").order_by("pk")
    ]
    queries = [rng.choice(labels) for _ in range(requests)]
    client = Client()
    with override_settings(ROOT_URLCONF="bench.urls"):

        def measure(make_request) -> list[float]:
            samples = []
            for query in queries:
                started = time.perf_counter()
                response = make_request(query)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            return samples

        measure(lambda q: client.get("/bench/floor/"))  # warm-up
        floor = _p95(measure(lambda q: client.get("/bench/floor/")))
        page = measure(lambda q: client.get("/annuaire/", {"q": q, "radius": 30}))
        api = measure(lambda q: client.get("/api/v1/annuaire/", {"commune": q, "radius": 30}))
        suggest = measure(lambda q: client.get("/territoires/communes/", {"q": q[:4]}))
    size = f"{structures} str., {requests} req."
    report("directory page p95 (30 km)", size, _p95(page), _p95(page) / floor, "bare Django view")
    report("directory API p95 (30 km)", size, _p95(api), _p95(api) / floor, "bare Django view")
    report(
        "commune suggestions p95",
        "34 875 communes",
        _p95(suggest),
        _p95(suggest) / floor,
        "bare Django view",
    )
    print(f"{'':<34} (bare Django view p95: {floor * 1000:.2f} ms)")


def bench_people_pages(structures: int, requests: int) -> None:
    """Person list and person file pages on a network-scale database: p95 against the bare
    Django view, with the session of a director of a random structure."""
    from tremplin.accounts.models import StructureMembership
    from tremplin.network import demo
    from tremplin.people import demo as people_demo
    from tremplin.people.models import Person

    demo.ensure_reference_data()
    started = time.perf_counter()
    with transaction.atomic():
        network = demo.seed_network(count=structures, seed=4)
        counts = people_demo.seed_people(structures=network.structures, seed=4)
    seeded = time.perf_counter() - started
    people = Person.objects.count()
    print(f"{'':<34} (seeded {structures} structures, {people} people in {seeded:.1f} s: {counts})")
    rng = random.Random(4)
    directors = list(
        StructureMembership.objects.filter(role="director").select_related("user")[:requests]
    )
    person_ids = list(Person.objects.values_list("pk", "structure_id"))
    director_of = {m.structure_id: m.user for m in directors}
    client = Client()
    with override_settings(ROOT_URLCONF="bench.urls"):

        def timed(get) -> float:
            started = time.perf_counter()
            response = get()
            assert response.status_code == 200, response.status_code
            return time.perf_counter() - started

        floor = _p95([timed(lambda: client.get("/bench/floor/")) for _ in range(requests)])
        lists, files = [], []
        for _ in range(requests):
            membership = rng.choice(directors)
            client.force_login(membership.user)
            lists.append(timed(lambda: client.get("/personnes/", {"state": "in_path"})))
        candidates = [p for p in person_ids if p[1] in director_of]
        for _ in range(requests):
            pk, structure_id = rng.choice(candidates)
            client.force_login(director_of[structure_id])
            files.append(timed(lambda pk=pk: client.get(f"/personnes/{pk}/")))
    size = f"{people} people, {requests} req."
    report("person list page p95", size, _p95(lists), _p95(lists) / floor, "bare Django view")
    report("person file page p95", size, _p95(files), _p95(files) / floor, "bare Django view")


def bench_people_import(rows: int) -> None:
    from bench.people_import import bench_import

    bench_import(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        default=(
            "seed,directory,import,streamed,people,planner,missions,homecare,attestations,"
            "training,observatory,load"
        ),
    )
    parser.add_argument("--sector-structures", type=int, default=4500)
    parser.add_argument("--sector-entries", type=int, default=30_000_000)
    parser.add_argument("--sector-people", type=int, default=70, help="people per structure")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--homecare-households", type=int, default=1000, help="households of the homecare group"
    )
    parser.add_argument(
        "--attestations", type=int, default=10_000, help="households of the attestations' year"
    )
    parser.add_argument(
        "--attestations-naive",
        type=int,
        default=200,
        help="households printed one by one through the page's view (scaled)",
    )
    parser.add_argument(
        "--attestations-processes",
        type=int,
        default=2,
        help="processes printing the batch's PDFs (ATTESTATION_PDF_PROCESSES in production)",
    )
    parser.add_argument(
        "--training-sessions",
        type=int,
        default=600,
        help="sessions of the training service's year (12 trainees each)",
    )
    parser.add_argument(
        "--streamed-rows", type=int, default=100_000, help="rows of the streamed import"
    )
    parser.add_argument(
        "--load-structures", type=int, default=20, help="seed_demo --structures of the load group"
    )
    parser.add_argument("--load-users", type=int, default=50, help="simulated users (locust)")
    parser.add_argument("--load-seconds", type=int, default=30, help="length of each load run")
    parser.add_argument("--load-jobs", type=int, default=500, help="jobs of the scale-out run")
    parser.add_argument(
        "--planner-seeds", type=int, default=3, help="generated weeks per size (planner)"
    )
    parser.add_argument(
        "--planner-first-seed",
        type=int,
        default=1,
        help="first generated week (planner); e.g. 101 for weeks it was never tuned on",
    )
    parser.add_argument(
        "--planner-reference-s",
        type=float,
        default=60.0,
        help="time limit of the reference run, CP-SAT alone (planner)",
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    setup_test_environment()
    print(
        f"Database: {connection.vendor}; Python {sys.version.split()[0]}; Django {django.__version__}"
    )
    with fresh_database():
        if "seed" in only:
            bench_seed([600, 4500], naive_size=600)
        if "directory" in only:
            bench_directory(600, 200)
    if "import" in only:
        with fresh_database():
            bench_people_import(args.import_rows)
    if "streamed" in only:
        from bench.import_streamed import bench_import_streamed

        with fresh_database():
            bench_import_streamed(args.streamed_rows)
    if "people" in only:
        with fresh_database():
            bench_people_pages(600, 200)
    if "missions" in only:
        from bench.missions import bench_missions

        with fresh_database():
            bench_missions()
    if "homecare" in only:
        from bench.homecare import bench_homecare

        with fresh_database():
            bench_homecare(args.homecare_households)
    if "attestations" in only:
        from bench.attestations import bench_attestations

        with fresh_database():
            bench_attestations(
                args.attestations, args.attestations_naive, args.attestations_processes
            )
    if "training" in only:
        from bench.training import bench_training

        with fresh_database():
            bench_training(report, args.training_sessions)
    if "observatory" in only:
        from bench.observatory import bench_observatory

        with fresh_database():
            bench_observatory(args.sector_structures, args.sector_entries, args.sector_people)
    if "planner" in only:  # pure Python: no database
        from bench.planner import bench_planner, bench_planner_sizes

        bench_planner_sizes(
            seeds=args.planner_seeds,
            reference_s=args.planner_reference_s,
            first_seed=args.planner_first_seed,
        )
        bench_planner(reference_s=args.planner_reference_s)
    if "load" in only:  # a PostgreSQL cluster of its own, servers and workers as processes
        from bench.load import bench_load

        bench_load(
            report,
            structures=args.load_structures,
            users=args.load_users,
            seconds=args.load_seconds,
            jobs=args.load_jobs,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
