"""The background jobs of the tax attestations (tremplin.common.jobs; run by `manage.py
db_worker`). In a module of their own, so that each part of homecare has its files."""

from tremplin.common import jobs

from .services.attestations import attestation_email_send, attestation_run_execute


# A database hiccup is retried; the run skips the households it already made.
@jobs.job()
def attestation_run_task(run_id: int) -> int:
    return attestation_run_execute(run_id).pk


# A mail server down is worth trying again; the key (attestation, run) makes a second run of
# the job send nothing, and a run made again later sends the new attestation once.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def attestation_email_task(attestation_id: int, run_id: int) -> bool:
    return attestation_email_send(attestation_id=attestation_id)
