from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import schema  # noqa: F401 — registers the API token's security scheme
