"""The quality routes of the part « referentials »: pages (namespace « quality ») and API (namespace « api »)."""

urlpatterns: list = []
api_urlpatterns: list = []
