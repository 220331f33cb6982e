"""The week planner of the missions app: which available employee takes which open slot.

Pure Python (dataclasses in, dataclasses out; OR-Tools CP-SAT and NumPy), no Django: the
missions app builds a `PlanningProblem` from its models, shows the `Plan` on the week grid,
and assigns nothing before the staff accepts it — after `check_plan` finds no broken rule.

    greedy(problem)                  a feasible plan at once
    solve(problem, time_limit_s)     the greedy plan, improved by a local search (improve.py),
                                     then CP-SAT started from it; the best plan found
    check_plan(problem, plan)        the hard rules a plan breaks (French messages)
    explain_unfilled(problem, plan)  why each open slot stayed open (French)
    alternatives(problem, slot)      who could take a slot instead (to edit a proposal)
    evaluate(problem, assignments)   the objective and its components for any plan

Hard rules: an employee takes a slot only when available that day and time (windows,
days off, times already taken this week), with every skill required; never two slots of
one employee at once; hours already assigned + new ≤ the weekly maximum (the caller gives
the lower of the contract's and the legal one); the times of a day ≤ the daily maximum
(`daily_max_hours`, the legal one: the assignment checks' own limits); new hours with commercial-sector clients ≤
what is left under the AI cap (`remaining_capped_hours`, None when it does not apply —
households, associations and local authorities are exempt: `client_is_capped` is false);
at most one employee per slot.

Objective (maximised, integers; hours become whole minutes):

    Σ_assigned [ W_cov + W_cont·[client ∈ previous_clients] − W_travel·km(home → place) ]
    + W_fair · Σ_employees R(shortfall_e, minutes given to e)

Fairness. shortfall_e = target − hours already assigned (0 if above). R(S, h) gives each
minute the number of hours (started) still missing below target when it is given: 20 h 30
short, the first 30 minutes are worth 21 each, the next 60 worth 20 each, and so on down
to 1; minutes beyond the target are worth 0. R is concave and piecewise linear, and its
marginal value is the distance below target, so Σ_e R(S_e, h_e) grows like
Σ_e (S_e² − (S_e − h_e)²) / 2 (in hours, up to the rounding to started hours): maximising it
minimises the sum of the *squared* shortfalls left. An hour therefore goes first to
whoever is furthest below target (20 h short: 20 a minute; 2 h short: 2 a minute), the
largest shortfall weighs most, two people equally short share rather than one taking all,
and an hour still counts for someone just below target. In CP-SAT each step of R is an
integer variable y[e, k] ∈ [0, width_k] with Σ_k y[e, k] ≤ minutes given to e; as the
rates decrease with k, the maximisation fills the steps in order without binary variables.

Default weights (Weights): coverage 10 000 a slot (covering comes first: a 4 h slot to
someone 35 h short is worth at most 8 400 of fairness), fairness 1 (per minute × hour
short), continuity 500 a slot (≈ 25 km), travel 20 a km one way (great-circle distance
rounded to the km).

Scale. Pairs that can never add to the objective are dropped (an optimal plan does not
need them). On large weeks the model keeps each employee's `candidates_per_employee` best
slots (by their best possible worth: those that serve fairness) and each slot's
`candidates_per_slot` nearest employees (those that serve coverage and travel): a
1 000-employee, 2 000-slot week becomes about 70 000 pairs instead of 1.3 million. A plan
is "optimal" only when CP-SAT proved it with no candidate left out; solve() counts its
time limit from the call, so model building comes out of it, and it returns the greedy plan
as the local search improved it (status "greedy") when CP-SAT finds nothing better in time —
on medium weeks (50–300 employees) CP-SAT's presolve alone outlasts 2 s, and the local
search is what reaches 99 % of CP-SAT's 60-second objective (`make bench`). CP-SAT's memory grows with the
run on such a week: about 0.4 GB at 2 s, 1 GB at 30 s, 1.6 GB at 60 s (2 workers; its
max_memory_in_mb parameter did not hold it) — keep the limits short.

May import tremplin.rules (the cap's figure in messages); nothing else of the project.
"""

from .checks import alternatives, check_plan, explain_unfilled
from .cpsat import solve
from .greedy import greedy
from .problem import (
    FEASIBLE,
    GREEDY,
    MANUAL,
    OPTIMAL,
    UNKNOWN,
    Assignment,
    Components,
    Employee,
    Plan,
    PlanningProblem,
    Slot,
    Weights,
    Window,
)
from .scoring import evaluate

__all__ = [
    "FEASIBLE",
    "GREEDY",
    "MANUAL",
    "OPTIMAL",
    "UNKNOWN",
    "Assignment",
    "Components",
    "Employee",
    "Plan",
    "PlanningProblem",
    "Slot",
    "Weights",
    "Window",
    "alternatives",
    "check_plan",
    "evaluate",
    "explain_unfilled",
    "greedy",
    "solve",
]
