"""Every API write honours Idempotency-Key, and the schema says so."""

import yaml
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from tremplin.common.idempotency import HEADER, WRITE_METHODS, Idempotent


def _api_views(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            view = getattr(pattern.callback, "cls", None)
            if view is not None:
                yield route, view


def test_every_api_route_that_writes_honours_the_idempotency_key():
    writers = {
        route: view
        for route, view in _api_views()
        if any(hasattr(view, method.lower()) for method in WRITE_METHODS)
    }
    assert "api/v1/heures/" in writers and "api/v1/affectations/" in writers
    missing = [route for route, view in writers.items() if not issubclass(view, Idempotent)]
    assert missing == [], "API writes without the Idempotent mixin"


def test_the_schema_declares_the_header_on_writes_only(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    declared = {
        (path, method): any(p["name"] == HEADER for p in operation.get("parameters", []))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    assert declared[("/api/v1/heures/", "post")]
    assert not declared[("/api/v1/heures/", "get")]
    assert all(has for (_path, method), has in declared.items() if method.upper() in WRITE_METHODS)
