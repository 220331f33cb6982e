"""The homecare jobs, found here by `db_worker` and `run_scheduler`: each part keeps its
own in tasks_<part>.py."""

from .tasks_advance import (  # noqa: F401
    advance_enrolment_send_task,
    payment_request_send_task,
    payment_requests_poll_task,
)
from .tasks_households import home_services_sync_task  # noqa: F401
