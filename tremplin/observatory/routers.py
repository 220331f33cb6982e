"""Opt-in read replica for the observatory (docs/deploy.md): with DATABASE_REPLICA_URL set,
the GET requests of the observatory's pages and API read the observatory's own tables from
the replica. Everything else stays on the primary: writes, other apps' tables (a page that
has just written reads its own write; tenancy and the access log read the primary), and the
workers, whose refresh jobs read what they are about to upsert. Figures are recomputed by
jobs anyway, so a few seconds of replication lag change nothing a reader could tell."""

from __future__ import annotations

from contextvars import ContextVar

REPLICA = "replica"
PREFIXES = ("/observatoire/", "/api/v1/observatoire/")

_on_replica: ContextVar[bool] = ContextVar("observatory_on_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _on_replica.get() and model._meta.app_label == "observatory":
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def replica_reads(get_response):
    """Middleware: marks the observatory's GET requests as readable from the replica."""

    def middleware(request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIXES):
            return get_response(request)
        token = _on_replica.set(True)
        try:
            return get_response(request)
        finally:
            _on_replica.reset(token)

    return middleware
