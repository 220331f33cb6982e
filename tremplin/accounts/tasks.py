"""The accounts app's background jobs (tremplin.common.jobs; run by `manage.py db_worker`)."""

from tremplin.common import jobs

from .invitations import team_invitation_send


# A mail server down is worth trying again; `once` makes a second run send nothing.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def team_invitation_task(change_id: int) -> bool:
    return team_invitation_send(change_id=change_id)
