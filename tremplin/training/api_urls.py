"""The training API routes (in the project's « api » namespace), declared by each part."""

from .urls import PARTS

urlpatterns = [pattern for part in PARTS for pattern in part.api_urlpatterns]
