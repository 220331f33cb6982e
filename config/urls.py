import os

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tremplin.common import views as common_views
from tremplin.network import views as network_views

api_patterns = [
    path("", include("tremplin.network.api_urls")),
    path("", include("tremplin.people.api_urls")),
    path("", include("tremplin.missions.api_urls")),
    path("", include("tremplin.observatory.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", network_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("", include("tremplin.accounts.urls")),
    path("", include("tremplin.network.urls")),
    path("", include("tremplin.people.urls")),
    path("", include("tremplin.missions.urls")),
    path("observatoire/", include("tremplin.observatory.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if os.environ.get("TREMPLIN_BENCH") == "1":
    # The framework floor of `make bench`'s load group (bench/load.py): a bare view through
    # the same server and middleware. Only with this variable: production and the tenancy
    # test never see the route.

    def bench_floor(request):
        return HttpResponse("ok")

    urlpatterns.append(path("bench/floor/", bench_floor, name="bench_floor"))
