"""The training pages: each part of the app declares its own routes (parts/urls_*.py)."""

from .parts import (
    urls_attendance,
    urls_catalogue,
    urls_money,
)

PARTS = (
    urls_catalogue,
    urls_attendance,
    urls_money,
)

app_name = "training"
urlpatterns = [pattern for part in PARTS for pattern in part.urlpatterns]
