"""The training routes of the part « money »: pages (namespace « training ») and API (namespace « api »)."""

urlpatterns: list = []
api_urlpatterns: list = []
