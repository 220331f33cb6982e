"""OpenAPI post-processing (drf-spectacular): the 4xx answers every operation may give,
with their body, and local times described as what the API sends."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter

from . import idempotency

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}

# Wall-clock times of the structure (Europe/Paris), without offset: "08:30:00". JSON
# Schema's `format: time` is RFC 3339's full-time, which requires an offset, so the schema
# says what the API really sends and accepts instead.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "08:30:00",
}

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _error_schemas() -> dict:
    return {
        "Error": {
            "type": "object",
            "description": _("An error: `detail` says in French what went wrong."),
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
            "required": ["detail"],
        },
        "ValidationError": {
            "type": "object",
            "description": _(
                "Refused input: for each field (or `non_field_errors`), the French messages "
                "saying what to fix."
            ),
            "additionalProperties": True,
        },
    }


def _answers(method: str, public: bool) -> dict:
    answers = {
        "400": (VALIDATION_ERROR, _("Refused input (query parameters or body).")),
        "404": (ERROR, _("Not found, or not yours to see.")),
        "405": (ERROR, _("Method not allowed.")),
        "429": (ERROR, _("Too many requests: wait before trying again.")),
    }
    if not public:
        answers["401"] = (ERROR, _("Not logged in."))
    answers["403"] = (ERROR, _("Not allowed for your role, or a missing CSRF token."))
    if method in WRITE_METHODS:
        answers["409"] = (ERROR, _("Conflicts with the data already recorded."))
        answers["415"] = (ERROR, _("Unsupported content type: send JSON."))
    return answers


def _local_times(node):
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            node.pop("format")
            node.update(LOCAL_TIME)
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def add_error_answers(result, generator, request, public):
    """Declare every 4xx answer an operation gives (the exception handler's bodies)."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(_error_schemas())
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            anonymous_ok = {} in operation.get("security", [])
            for code, (schema, description) in _answers(method, anonymous_ok).items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": schema}},
                    },
                )
    _local_times(result)
    return result


# The project's AutoSchema (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS); here, not in api.py,
# which DRF's settings import before drf-spectacular can be.
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
