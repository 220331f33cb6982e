"""The immediate advance's background jobs: what leaves for URSSAF after a commit, and the
polling of the open requests (bounded: see `payment_requests_poll`)."""

import datetime

from django.conf import settings

from tremplin.common import jobs

from .services import advance_sync


@jobs.job()
def advance_enrolment_send_task(enrolment_id: int) -> str:
    return advance_sync.enrolment_send(enrolment_id=enrolment_id)


@jobs.job()
def payment_request_send_task(request_id: int) -> str:
    return advance_sync.payment_request_send(request_id=request_id)


@jobs.periodic(every=datetime.timedelta(minutes=max(settings.URSSAF_POLL_MINUTES // 4, 5)))
def payment_requests_poll_task(slot: str) -> int:
    """A quarter of the polling interval: each request is asked about once per interval."""
    return advance_sync.payment_requests_poll()
