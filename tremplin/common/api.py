"""API plumbing shared by the apps."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler

from . import idempotency

IDEMPOTENCY_KEY = OpenApiParameter(
    name=idempotency.HEADER,
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Clé choisie par le client (255 caractères au plus) : une nouvelle tentative avec la "
        "même clé renvoie la première réponse (statut et corps, en-tête Idempotent-Replayed) "
        "sans rien enregistrer de plus, pendant 24 h (IDEMPOTENCY_KEY_TTL). La même clé avec "
        "une autre requête : 422 ; pendant que la première est en cours : 409."
    ),
)


class AutoSchema(SpectacularAutoSchema):
    """The project's schema: API writes declare the Idempotency-Key header."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in idempotency.WRITE_METHODS and isinstance(
            self.view, idempotency.Idempotent
        ):
            parameters.append(IDEMPOTENCY_KEY)
        return parameters


def exception_handler(exc, context):
    """Services raise Django's ValidationError with French messages: answer 400 with them,
    keyed by field, as DRF does for its own validation errors."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = serializers.ValidationError(detail)
    return drf_exception_handler(exc, context)
