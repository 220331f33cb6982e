"""API plumbing shared by the apps: the base serializers and the exception handler."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler

from . import idempotency
from .validators import add_text_validator

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


def _guard_text(field: serializers.Field) -> None:
    """Refuse control characters in a writable text field (lists' items included).

    Multi-line: a model TextField (DRF gives it the textarea style) or a declared CharField
    without max_length (the API's notes, goals…); every other CharField holds one line."""
    if isinstance(field, serializers.ListField | serializers.DictField):
        _guard_text(field.child)
    if isinstance(field, serializers.CharField) and not field.read_only:
        multiline = field.style.get("base_template") == "textarea.html" or field.max_length is None
        add_text_validator(field.validators, multiline=multiline)


class _TextSafety:
    """Every CharField of the serializer gets tremplin.common.validators' rule, whether
    declared or built from the model. Every serializer of the project derives from one of
    the two classes below (tremplin/common/tests/test_text_input.py checks it)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _guard_text(field)
        return fields


class Serializer(_TextSafety, serializers.Serializer):
    pass


class ModelSerializer(_TextSafety, serializers.ModelSerializer):
    pass
