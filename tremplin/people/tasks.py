"""The people app's background jobs (tremplin.common.jobs; run by `manage.py db_worker`)."""

import dataclasses
import datetime

from tremplin.common import jobs

from .services.daily import proofs_purge, worklist_compute
from .services.import_jobs import import_job_run
from .services.retention import anonymise_expired


@jobs.job(max_attempts=3)
def import_job_task(job_id: int) -> None:
    import_job_run(job_id)


@jobs.daily(at=datetime.time(6, 0))
def worklist_daily(day: str) -> dict:
    """What needs doing in every structure, computed each morning (e-mailed to each team
    once the mailer exists; logged until then)."""
    return worklist_compute(today=datetime.date.fromisoformat(day))


@jobs.daily(at=datetime.time(2, 30))
def proofs_purge_daily(day: str) -> dict:
    """Eligibility proofs past their retention date are deleted."""
    return {"deleted": proofs_purge(today=datetime.date.fromisoformat(day))}


@jobs.daily(at=datetime.time(3, 30))
def anonymise_expired_daily(day: str) -> dict:
    """Files past their retention period: the structures told, then the files anonymised
    (idempotent: a file already anonymised or already told is not counted twice)."""
    result = anonymise_expired(today=datetime.date.fromisoformat(day))
    return dataclasses.asdict(result)
