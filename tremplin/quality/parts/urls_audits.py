"""The quality routes of the part « audits »: pages (namespace « quality ») and API (namespace « api »)."""

urlpatterns: list = []
api_urlpatterns: list = []
