from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "tremplin.homecare"
    verbose_name = _("Home services (Proxim'Services)")

    def ready(self):
        from tremplin.missions import assignment_checks, invoice_mentions
        from tremplin.network.directory_sections import register

        # The class of data of the household's personal fields (accounts.privacy).
        from . import privacy, privacy_money  # noqa: F401
        from .directory_sap import brand_section
        from .mentions import invoice_sap_mentions
        from .services.recurring import diy_length_check

        # The brand's section of a licensee's public directory page.
        register(brand_section)
        # The SAP mentions of households' invoices, printed by missions' invoice PDF.
        invoice_mentions.register(invoice_sap_mentions)
        # The 2-hour limit of small DIY, for a date booked from the missions planning too.
        assignment_checks.register(diy_length_check)
