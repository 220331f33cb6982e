"""The quality pages: each part of the app declares its own routes (parts/urls_*.py)."""

from .parts import (
    urls_audits,
    urls_groups,
    urls_referentials,
)

PARTS = (
    urls_referentials,
    urls_audits,
    urls_groups,
)

app_name = "quality"
urlpatterns = [pattern for part in PARTS for pattern in part.urlpatterns]
