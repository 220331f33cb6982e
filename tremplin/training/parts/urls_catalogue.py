"""The training routes of the part « catalogue »: pages (namespace « training ») and API (namespace « api »)."""

urlpatterns: list = []
api_urlpatterns: list = []
