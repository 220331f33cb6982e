from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "tremplin.quality"
    verbose_name = _("Quality and certification (CEDRE)")

    def ready(self):
        from tremplin.network.directory_sections import register

        from . import privacy  # noqa: F401
        from .directory_certification import certification_section

        # The certification's section of a structure's public directory page.
        register(certification_section)
