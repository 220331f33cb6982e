from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "tremplin.training"
    verbose_name = _("Training service")

    def ready(self):
        from . import privacy, privacy_attendance, privacy_money  # noqa: F401
