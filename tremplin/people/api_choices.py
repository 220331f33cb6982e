"""The coded values the people API accepts, with their labels: each becomes an enumeration of
the OpenAPI schema (code and label listed), so that no API client guesses a code.

Named here so that SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES gives each its own name (several
serializers have a `reason` or a `kind` with different codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .asp.reference import EXIT_REASONS
from .models import BarrierStatus, ProlongationReason

# The ASP list of exit reasons (people.asp.reference), code and label.
EXIT_REASON_CHOICES = [(reason.code, reason.label) for reason in EXIT_REASONS]

# A prolongation the structure records (the prescriber decided) / one it asks a prescriber.
PROLONGATION_RECORDED_CHOICES = [
    (code, ProlongationReason(code).label)
    for code in (ProlongationReason.CDI_57, ProlongationReason.TRAINING)
]
PROLONGATION_REQUESTED_CHOICES = [
    (code, ProlongationReason(code).label)
    for code in (
        ProlongationReason.SENIOR,
        ProlongationReason.RQTH,
        ProlongationReason.PARTICULAR_DIFFICULTIES,
    )
]

# The grounds for a contract past 24 months (people.services.contracts.check_contract).
EXTENSION_GROUND_CHOICES = [
    ("training", _("Training under way")),
    ("senior", _("Aged 50 or over")),
    ("rqth", _("RQTH")),
]

# What becomes of the PASS IAE at an exit (people.services.exits.PassDecision).
PASS_DECISION_CHOICES = [
    ("keep", _("Leave it running")),
    ("suspend", _("Suspend it from the day after the exit")),
]

# people.services.approvals.approval_state
APPROVAL_STATE_CHOICES = [
    ("future", _("not started")),
    ("valid", _("valid")),
    ("suspended", _("suspended")),
    ("expired", _("expired")),
]

# The statuses a barrier moves to (the first, "identified", is where it starts).
BARRIER_NEXT_STATUS_CHOICES = BarrierStatus.choices[1:]
