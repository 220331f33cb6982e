from django.conf import settings
from django.utils import translation
from django.utils.translation import check_for_language

API_PREFIX = "/api/"


class ChosenLanguageMiddleware:
    """French unless the person chose another language with the switcher (a cookie).

    The browser's Accept-Language is ignored on purpose: Tremplin's users work in French,
    and a browser installed in English should not turn a French service English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer that may show personal data: all
    the pages of a logged-in user and every API answer. Neither the browser's cache, nor a
    shared proxy, nor the back button of a shared computer keeps a person's file.

    Anonymous pages (the public directory, published figures) keep their caching, and so do
    static files, which WhiteNoise serves before this middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(API_PREFIX):
            # Replaces whatever a view set: max-age or public would contradict no-store.
            response.headers["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response
