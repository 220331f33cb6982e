"""URSSAF's API « tiers de prestation » (immediate advance of the tax credit), behind one
interface (`base.UrssafGateway`): `api.UrssafApi` calls the real API (OAuth2 client
credentials), `files.FileUrssaf` keeps everything in JSON files for tests and the demo and
plays URSSAF's part (the household's 48 hours, transfers). No Django model is read here:
the services hand over plain values (`payloads.py`) and read back `RequestState`s."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import RequestState, UrssafError, UrssafGateway, UrssafRefusal, UrssafUnavailable

__all__ = [
    "RequestState",
    "UrssafError",
    "UrssafGateway",
    "UrssafRefusal",
    "UrssafUnavailable",
    "get_gateway",
]


def get_gateway() -> UrssafGateway:
    return import_string(settings.URSSAF_GATEWAY)()
