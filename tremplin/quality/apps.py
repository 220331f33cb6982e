from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "tremplin.quality"
    verbose_name = _("Quality and certification (CEDRE)")

    def ready(self):
        from . import privacy  # noqa: F401
