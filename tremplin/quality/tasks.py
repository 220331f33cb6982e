"""The quality jobs, found here by `db_worker` and `run_scheduler`."""

import datetime

from tremplin.common import jobs

from .services import certification as services


@jobs.daily(at=datetime.time(2, 30))
def certifications_check_task(day: str) -> dict:
    """Once a day: certifications whose surveillance audit is late are suspended, those
    past their expiry expire (services.certifications_check, idempotent)."""
    return services.certifications_check(on=datetime.date.fromisoformat(day))
