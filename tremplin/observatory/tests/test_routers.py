"""The opt-in replica router (tremplin/observatory/routers.py): only the observatory's
tables, only in the observatory's GET requests, never a write."""

from django.test import RequestFactory

from tremplin.missions.models import TimeEntry
from tremplin.observatory.models import Figure
from tremplin.observatory.routers import ReplicaRouter, replica_reads

router = ReplicaRouter()


def _read_during(method: str, path: str, model) -> str | None:
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(model)
        return "response"

    assert replica_reads(view)(RequestFactory().generic(method, path)) == "response"
    return seen["db"]


def test_observatory_pages_read_their_figures_from_the_replica():
    assert _read_during("GET", "/observatoire/reseau/", Figure) == "replica"
    assert _read_during("GET", "/api/v1/observatoire/reseau/", Figure) == "replica"


def test_other_tables_writes_and_other_requests_stay_on_the_primary():
    assert _read_during("GET", "/observatoire/reseau/", TimeEntry) is None
    assert _read_during("POST", "/observatoire/reseau/publier/", Figure) is None
    assert _read_during("GET", "/personnes/", Figure) is None
    assert router.db_for_read(Figure) is None  # outside a request: the workers
    assert router.db_for_write(Figure) == "default"
    assert router.allow_migrate("replica", "observatory") is False
    assert router.allow_migrate("default", "observatory") is True
