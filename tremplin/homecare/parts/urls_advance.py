"""URL routes of the homecare part « advance » (pages in urlpatterns, API in api_urlpatterns)."""

urlpatterns: list = []
api_urlpatterns: list = []
