from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomecareConfig(AppConfig):
    name = "tremplin.homecare"
    verbose_name = _("Home services (Proxim'Services)")

    def ready(self):
        # The class of data of the household's personal fields (accounts.privacy).
        # The SAP mentions of households' invoices, printed by missions' invoice PDF.
        from tremplin.missions import invoice_mentions

        from . import privacy, privacy_money  # noqa: F401
        from .invoice_mentions import invoice_sap_mentions

        invoice_mentions.register(invoice_sap_mentions)
