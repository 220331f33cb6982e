"""Demo insertion paths for `seed_demo`: deterministic, realistic, fast at 70 000 people.

Bulk inserts on purpose, as in network/demo.py: the services write one path at a time, under
locks, with a few queries per step, which is right for people and wrong for generating a
network's worth of paths. Even bulk_create is too slow here (model instances and the ORM's
insert cost ~100 µs a row, and 70 000 paths are ~1.8 million rows): rows are built as dicts
and inserted in batches by `writer._Table` (see there). The generated values satisfy the same
rules (tests/test_demo.py checks them with full_clean and the services' own checks), and
every derived field is computed by the functions the services call:

- `nir_hash`, `search_name`: services.persons (clean_nir, nir_hash) and normalize_search;
- `Diagnosis.expires_on`: calculations.diagnosis_expires_on; eligibility: calculations.eligibility;
- `Approval.end_date`: calculations.approval_end_date, suspensions and prolongations included;
- `Exit.counted`, `worked_hours`, `worked_months`: calculations.counted_exit on the same
  worked periods as services.exits (missions' demo hours then recount them, as validating
  hours does: services.exits.exits_recount);

Each structure draws its people from its own random generator (seeded with the seed, the
structure's SIRET and the number of people it already has): the same seed on the same
database gives the same people, and seeding a structure again adds other people instead of
duplicating files. Dates are relative to `today`, so that the work lists have something to
show: PASS IAE ending within 30 and 60 days, contracts ending, prolongation requests,
diagnoses about to expire, barriers left without action.

Exit reasons come from the ExitReason table (the ASP list); while it is empty, exits are
recorded without a reason, as the service allows. Not generated: historical records
(django-simple-history writes them on save(), which bulk inserts bypass, as for the
network), proofs' files, CDI inclusion contracts, a second PASS after the waiting period.

The package, in the order of a run: `seed` (the orchestrator, `seed_people`) draws each
structure's paths with `paths._Paths`, made of `person` (the file and the diagnosis),
`employment` (PASS IAE, contracts, exit) and `accompaniment`, on the state of `base`; the
values come from `reference`, and `writer` inserts the rows."""

from .reference import MEAN_SIZE
from .seed import seed_people
from .writer import _Chunk

# _Chunk: the tests read its ORDER of models.
__all__ = ["MEAN_SIZE", "_Chunk", "seed_people"]
