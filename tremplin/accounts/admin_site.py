from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class FederationAdminSite(admin.AdminSite):
    """The Django admin is for federation staff only, whatever flags an account carries."""

    site_header = _("Tremplin administration")
    site_title = _("Tremplin administration")

    def has_permission(self, request):
        from .models import UserKind  # models are not loaded when this config is

        user = request.user
        return user.is_active and user.is_staff and user.kind == UserKind.FEDERATION


class FederationAdminConfig(AdminConfig):
    default_site = "tremplin.accounts.admin_site.FederationAdminSite"
