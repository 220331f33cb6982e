from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FederationAdminSite(admin.AdminSite):
    """The Django admin is for federation staff only, whatever flags an account carries,
    and only in a session whose second factor was checked."""

    site_header = _("Tremplin administration")
    site_title = _("Tremplin administration")

    def has_permission(self, request):
        from .models import UserKind  # models are not loaded when this config is
        from .security import TWO_FACTOR_KEY, VERIFIED

        user = request.user
        return (
            user.is_active
            and user.is_staff
            and user.kind == UserKind.FEDERATION
            and request.session.get(TWO_FACTOR_KEY) == VERIFIED
        )

    def login(self, request, extra_context=None):
        """One login page for everything: the site's, with throttling and the second factor."""
        from django.contrib.auth.views import redirect_to_login  # loads models

        target = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(target)


class FederationAdminConfig(AdminConfig):
    default_site = "tremplin.accounts.admin_site.FederationAdminSite"
