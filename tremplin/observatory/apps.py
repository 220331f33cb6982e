from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "tremplin.observatory"
    verbose_name = _("Observatory")

    def ready(self):
        from . import maintenance

        maintenance.connect()
