"""The error answers (config/urls.py's handler400…handler500): French pages in the site's
layout, and JSON under /api/ so that an API client never has to parse HTML.

The 500 answer reads neither the database nor the request's context: the error may come
from either."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from .middleware import API_PREFIX


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("The request is malformed.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("You may not do this.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": _("Nothing at this address.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Server error: it has been recorded. Try again later.")}, status=500
        )
    return defaults.server_error(request)
