"""The project's URLs plus views that fail on purpose, for test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns


def forbidden(request):
    raise PermissionDenied("English detail that must not be shown")


def suspicious(request):
    raise SuspiciousOperation("English detail that must not be shown")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test/forbidden/", forbidden),
    path("test/suspicious/", suspicious),
    path("test/broken/", broken),
    path("api/v1/test/broken/", broken),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
