"""The application's URLs plus the framework floor: a bare view returning a constant."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_patterns


def floor(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor), *app_patterns]
