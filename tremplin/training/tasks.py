"""The training service's background jobs (tremplin.common.jobs; run by `manage.py
db_worker`)."""

from tremplin.common import jobs

from .services.convocations import notice_send


# A mail server down is worth trying again; the key (registration, notice) makes a second run
# of the job send nothing: a trainee gets one convocation, and one withdrawal.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def registration_notice_task(
    registration_id: int, notice: str, removed_half_days: list[int] | None = None
) -> bool:
    return notice_send(
        registration_id=registration_id, notice=notice, removed_half_days=removed_half_days or []
    )
