import os

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tremplin.common import views as common_views
from tremplin.network import views as network_views

api_patterns = [
    path("", include("tremplin.accounts.api_urls")),
    path("", include("tremplin.network.api_urls")),
    path("", include("tremplin.people.api_urls")),
    path("", include("tremplin.missions.api_urls")),
    path("", include("tremplin.homecare.api_urls")),
    path("", include("tremplin.training.api_urls")),
    path("", include("tremplin.quality.api_urls")),
    path("", include("tremplin.observatory.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file (?script): the CSP forbids inline scripts.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("", network_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("", include("tremplin.accounts.urls")),
    path("", include("tremplin.network.urls")),
    path("", include("tremplin.people.urls")),
    path("", include("tremplin.missions.urls")),
    path("", include("tremplin.homecare.urls")),
    path("", include("tremplin.training.urls")),
    path("", include("tremplin.quality.urls")),
    path("observatoire/", include("tremplin.observatory.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "tremplin.common.error_views.bad_request"
handler403 = "tremplin.common.error_views.permission_denied"
handler404 = "tremplin.common.error_views.page_not_found"
handler500 = "tremplin.common.error_views.server_error"
if os.environ.get("TREMPLIN_BENCH") == "1":
    # The framework floor of `make bench`'s load group (bench/load.py): a bare view through
    # the same server and middleware. Only with this variable: production and the tenancy
    # test never see the route.

    def bench_floor(request):
        return HttpResponse("ok")

    urlpatterns.append(path("bench/floor/", bench_floor, name="bench_floor"))
