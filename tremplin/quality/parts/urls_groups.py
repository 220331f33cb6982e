"""The quality routes of the part « groups »: pages (namespace « quality ») and API (namespace « api »)."""

urlpatterns: list = []
api_urlpatterns: list = []
