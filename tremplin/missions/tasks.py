"""The missions app's background jobs (tremplin.common.jobs; run by `manage.py db_worker`)."""

from tremplin.common import jobs

from .services.invoices import reminder_email_send


# A mail server down (OSError, smtplib's errors among them) is worth trying again; the
# reminder's key makes a second run send nothing.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def reminder_email_task(reminder_id: int) -> bool:
    return reminder_email_send(reminder_id=reminder_id)
