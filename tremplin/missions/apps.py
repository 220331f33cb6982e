from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "tremplin.missions"
    verbose_name = _("Work missions")

    def ready(self):
        # The class of data of the missions' personal fields (accounts.privacy).
        # The counted-exit rule of AI and ETTI (> 150 hours) reads the validated hours.
        from tremplin.people.services import exits, later_work

        from . import privacy  # noqa: F401
        from .selectors import validated_hours
        from .services.assignments import PlannedAssignments

        if validated_hours not in exits.HOURS_SOURCES:
            exits.HOURS_SOURCES.append(validated_hours)
        # An exit or an early end cancels the assignments it leaves without a contract.
        if not any(isinstance(s, PlannedAssignments) for s in later_work.SOURCES):
            later_work.SOURCES.append(PlannedAssignments())
