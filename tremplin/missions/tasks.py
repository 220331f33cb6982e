"""The missions app's background jobs (tremplin.common.jobs; run by `manage.py db_worker`)."""

from tremplin.common import jobs

from .services.invoices import reminder_email_send
from .services.reassignments import reassign_notice_send
from .services.transmissions import invoice_transmission_send


# A mail server down (OSError, smtplib's errors among them) is worth trying again; the
# reminder's key makes a second run send nothing.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def reminder_email_task(reminder_id: int) -> bool:
    return reminder_email_send(reminder_id=reminder_id)


# A platform (or a disk) that fails is tried again; a sent transmission is never sent again.
@jobs.job(retry_on=(*jobs.RETRY_ON, OSError))
def invoice_transmission_task(invoice_id: int) -> bool:
    return invoice_transmission_send(invoice_id=invoice_id)


# The planners are told once, whatever the retries; a mail server down is tried again.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def reassign_notice_task(record_ids: list[int]) -> int:
    return reassign_notice_send(record_ids=record_ids)
