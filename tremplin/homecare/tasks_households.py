"""Background jobs of the households part (tremplin.common.jobs; run by `manage.py db_worker`)."""

from tremplin.common import jobs

from .services.messages import household_message_notify


# A mail server down is worth trying again; the message's key makes a second run send nothing.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def household_message_notify_task(message_id: int) -> int:
    return household_message_notify(message_id=message_id)
