"""Background jobs of the households part (tremplin.common.jobs; run by `manage.py db_worker`)."""

import datetime

from tremplin.common import jobs

from .services.messages import household_message_notify


# A mail server down is worth trying again; the message's key makes a second run send nothing.
@jobs.job(once=True, retry_on=(*jobs.RETRY_ON, OSError))
def household_message_notify_task(message_id: int) -> int:
    return household_message_notify(message_id=message_id)


# A licence starts or ends with the date: the homecare menu follows it from that day.
@jobs.daily(at=datetime.time(2, 30))
def home_services_sync_task(day: str) -> int:
    from .services.sap import home_services_sync_all

    return home_services_sync_all(today=datetime.date.fromisoformat(day))
