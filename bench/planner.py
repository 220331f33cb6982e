"""The planner on generated AI weeks: employees and twice as many slots of 2–4 h over a
département-sized area (≈ 110 × 110 km), ~20 % of the slots with commercial-sector
clients (the 480 h cap), a skill required on 15 % of them.

Medium weeks (`bench_planner_sizes`): 50, 150 and 300 employees, a few seeds each. Per
instance, one line: `solve` with a 2 s limit (greedy, local search, then CP-SAT) as a ratio
of CP-SAT alone (no hint) for 60 s — the reference —, and the greedy plan's ratio; then, per
size, the lowest and the mean ratio. The goal is 99 % on every instance.

The large week (`bench_planner`): 1 000 employees, 2 000 slots; three plans of the same
problem (`solve` 2 s, the greedy alone, CP-SAT alone 60 s), and below each line the hours
given to the quarter of the employees furthest below their target, coverage and travel.

    python -m bench.planner [--reference-s 60] [--seeds 3] [--sizes 50,150,300] [--no-large]
"""

from __future__ import annotations

import datetime
import random
import resource
import time

from tremplin.missions.planner import Employee, PlanningProblem, Slot, Window, greedy, solve

WEEK = datetime.date(2025, 6, 2)  # a Monday
CENTRE = (45.75, 4.60)  # the middle of the area (lat, lon)
HALF_SIDE_KM = 55
COMMUNES = 300
SKILLS = ("permis B", "CACES R489", "habilitation électrique", "petite enfance")
SKILL_SHARE = {"permis B": 0.35, "CACES R489": 0.06, "habilitation électrique": 0.05}
SKILL_SHARE["petite enfance"] = 0.10


def _communes(rng: random.Random) -> list[tuple[float, float, float]]:
    """(lat, lon, weight): a few towns, many villages."""
    lat0, lon0 = CENTRE
    dlat = HALF_SIDE_KM / 111.2
    dlon = HALF_SIDE_KM / (111.2 * 0.6978)  # cos(45.75°)
    return [
        (
            lat0 + rng.uniform(-dlat, dlat),
            lon0 + rng.uniform(-dlon, dlon),
            rng.paretovariate(1.2),
        )
        for _ in range(COMMUNES)
    ]


def build_week(employees: int = 1000, slots: int = 2000, seed: int = 44) -> PlanningProblem:
    """A deterministic week of one large AI (same seed, same problem)."""
    rng = random.Random(seed)
    communes = _communes(rng)
    weights = [c[2] for c in communes]

    def place() -> tuple[float, float]:
        lat, lon, _ = rng.choices(communes, weights)[0]
        return lat, lon

    days = [WEEK + datetime.timedelta(days=d) for d in range(6)]
    clients = [(f"c{i}", rng.random() < 0.2, place()) for i in range(employees // 2 + 100)]
    people = []
    for i in range(employees):
        target = rng.choice((20, 24, 26, 28, 30, 35))
        availability, unavailable = None, frozenset()
        kind = rng.random()
        if kind < 0.25:
            unavailable = frozenset(rng.sample(days, rng.randint(1, 2)))
        elif kind < 0.40:
            hours = rng.choice(((7, 13), (13, 19), (9, 17)))
            availability = tuple(
                Window(day=d, start=datetime.time(hours[0]), end=datetime.time(hours[1]))
                for d in days[:5]
            )
        used = rng.choice((0, 0, 40, 120, 300, 420, 470, 478, 480))
        people.append(
            Employee(
                id=i,
                lat=place()[0] + rng.gauss(0, 0.01),
                lon=place()[1] + rng.gauss(0, 0.01),
                target_hours=target,
                max_hours=min(target + rng.choice((0, 2, 4, 6)), 35),
                assigned_hours=rng.randint(0, target * 2) / 2,
                availability=availability,
                unavailable_days=unavailable,
                skills=frozenset(s for s in SKILLS if rng.random() < SKILL_SHARE[s]),
                remaining_capped_hours=480 - used,
                previous_clients=frozenset(c[0] for c in rng.sample(clients, rng.randint(0, 3))),
            )
        )
    week_slots = []
    for j in range(slots):
        client, capped, (lat, lon) = rng.choice(clients)
        start = datetime.time(rng.randint(7, 16), rng.choice((0, 30)))
        hours = rng.choice((2, 2.5, 3, 3.5, 4))
        end_minutes = start.hour * 60 + start.minute + round(hours * 60)
        week_slots.append(
            Slot(
                id=j,
                request_id=f"r{j // 3}",
                client_id=client,
                client_is_capped=capped,
                day=rng.choices(days, (5, 5, 5, 5, 5, 2))[0],
                start=start,
                end=datetime.time(end_minutes // 60, end_minutes % 60),
                hours=hours,
                lat=lat,
                lon=lon,
                required_skills=frozenset([rng.choice(SKILLS)]) if rng.random() < 0.15 else (),
            )
        )
    return PlanningProblem(week=WEEK, employees=tuple(people), slots=tuple(week_slots))


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _summary(plan, slots: int) -> str:
    c = plan.components
    return (
        f"{'':<34} ({plan.status}: objective {_number(plan.objective)};"
        f" covered {c.covered_slots}/{slots} slots, {_number(c.covered_hours)} h;"
        f" bottom quartile +{c.bottom_quartile_hours:.1f} h;"
        f" shortfall left {_number(c.shortfall_after_hours)} h,"
        f" largest {c.largest_shortfall_after_hours:.1f} h;"
        f" continuity {c.continuity_count}; travel {_number(c.travel_km)} km)"
    )


def bench_planner(
    employees: int = 1000, slots: int = 2000, quick_s: float = 2.0, reference_s: float = 60.0
) -> None:
    from bench.__main__ import report

    problem = build_week(employees, slots)
    size = f"{employees} emp., {slots} slots"
    started = time.perf_counter()
    reference = solve(problem, reference_s, hint=False)
    reference_time = time.perf_counter() - started
    started = time.perf_counter()
    quick = solve(problem, quick_s)
    quick_time = time.perf_counter() - started
    started = time.perf_counter()
    fast = greedy(problem)
    fast_time = time.perf_counter() - started
    best = reference.objective or 1
    against = f"CP-SAT alone {reference_s:.0f} s"
    report(f"planner solve, {quick_s:g} s limit", size, quick_time, quick.objective / best, against)
    print(_summary(quick, slots))
    report("planner greedy alone", size, fast_time, fast.objective / best, against)
    print(_summary(fast, slots))
    report(f"planner CP-SAT alone, {reference_s:g} s", size, reference_time, 1.0, "itself")
    print(_summary(reference, slots))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'':<34} (solve {quick_s:g} s: {100 * quick.objective / best:.2f} %, greedy:"
        f" {100 * fast.objective / best:.2f} % of CP-SAT alone; bound of the reference"
        f" {reference.best_bound}; candidates truncated: {reference.candidates_truncated};"
        f" peak memory {peak:.0f} MB)"
    )


MEDIUM_SIZES = (50, 150, 300)  # employees; slots are twice as many
MEDIUM_SEEDS = 3
TARGET = 0.99  # issue 10: the 2-second plan at 99 % of CP-SAT's 60-second objective


def bench_planner_sizes(
    sizes=MEDIUM_SIZES,
    seeds: int = MEDIUM_SEEDS,
    quick_s: float = 2.0,
    reference_s: float = 60.0,
    first_seed: int = 1,
) -> dict[int, list[float]]:
    """Every size over `seeds` generated weeks from `first_seed` on: the 2-second plan's and
    the greedy plan's objective as a ratio of CP-SAT alone for `reference_s`; the ratios by
    size. A `first_seed` far from 1 gives weeks the planner was never tuned on (held out)."""
    from bench.__main__ import report

    against = f"CP-SAT alone {reference_s:g} s"
    ratios: dict[int, list[float]] = {}
    for employees in sizes:
        for seed in range(first_seed, first_seed + seeds):
            problem = build_week(employees, 2 * employees, seed)
            reference = solve(problem, reference_s, hint=False)
            started = time.perf_counter()
            quick = solve(problem, quick_s)
            quick_time = time.perf_counter() - started
            fast = greedy(problem)
            size = f"{employees} emp., {2 * employees} slots, seed {seed}"
            if reference.objective <= 0:  # CP-SAT alone found no plan: nothing to compare
                print(f"planner solve, {quick_s:g} s limit   {size}: {against} found no plan")
                continue
            best = reference.objective
            ratio = quick.objective / best
            report(f"planner solve, {quick_s:g} s limit", size, quick_time, ratio, against)
            print(
                f"{'':<34} (solve {100 * ratio:.2f} %, {quick.status}; greedy alone"
                f" {100 * fast.objective / best:.2f} %; reference {reference.status},"
                f" bound {reference.best_bound})"
            )
            ratios.setdefault(employees, []).append(ratio)
    for employees, values in ratios.items():
        print(
            f"{'':<34} {employees} employees: solve {quick_s:g} s at"
            f" {100 * min(values):.2f} % (lowest) / {100 * sum(values) / len(values):.2f} %"
            f" (mean) of {against} over {len(values)} weeks"
            f" ({'reaches' if min(values) >= TARGET else 'BELOW'} the {100 * TARGET:g} % target)"
        )
    return ratios


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-s", type=float, default=60.0)
    parser.add_argument("--seeds", type=int, default=MEDIUM_SEEDS)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--sizes", default=",".join(map(str, MEDIUM_SIZES)))
    parser.add_argument("--no-large", action="store_true")
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.sizes.split(",") if size)
    bench_planner_sizes(sizes, args.seeds, reference_s=args.reference_s, first_seed=args.first_seed)
    if not args.no_large:
        bench_planner(reference_s=args.reference_s)


if __name__ == "__main__":
    main()
