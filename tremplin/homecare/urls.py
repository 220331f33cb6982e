"""The homecare pages: each part of the app declares its own routes (parts/urls_*.py)."""

from .parts import (
    urls_advance,
    urls_attestations,
    urls_households,
    urls_money,
    urls_recurring,
    urls_sap,
)

PARTS = (urls_sap, urls_households, urls_recurring, urls_advance, urls_money, urls_attestations)

app_name = "homecare"
urlpatterns = [pattern for part in PARTS for pattern in part.urlpatterns]
