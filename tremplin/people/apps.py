from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tremplin.people"
    verbose_name = _("Insertion paths")

    def ready(self):
        # Every personal field's class of data, for the one policy (accounts.privacy).
        from . import privacy  # noqa: F401
