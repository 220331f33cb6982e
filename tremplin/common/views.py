"""Views of the plumbing: no domain, no personal data."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import jobs


@never_cache
def healthz(request):
    """For monitoring and the load balancer: the database answers a query, the queue's
    table is reachable, and its oldest job ready to run has not waited longer than
    HEALTHZ_QUEUE_MAX_WAIT (else no worker runs). 200 when all is well, 503 otherwise;
    counts and times only."""
    checks, healthy = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"], healthy = "error", False
    try:
        queue = jobs.queue_health()
    except DatabaseError:
        checks["queue"], healthy = {"status": "error"}, False
    else:
        wait = queue["oldest_ready_seconds"]
        late = wait is not None and wait > settings.HEALTHZ_QUEUE_MAX_WAIT.total_seconds()
        checks["queue"] = {"status": "late" if late else "ok", **queue}
        healthy = healthy and not late
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
