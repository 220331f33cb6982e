from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "tremplin.missions"
    verbose_name = _("Work missions")
