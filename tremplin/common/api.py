"""API plumbing shared by the apps: base serializers, bounded pages, plausible dates,
French errors, the Idempotency-Key header in the schema.

No answer of the API is a 5xx because of what a client sent: page sizes are clamped, an
offset past the end gives an empty page, dates outside a plausible window are refused
before any service computes with them, and every error (404 included) is in French."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tremplin.common.dates import short_date

from .validators import add_text_validator

logger = logging.getLogger(__name__)


# --- Pages -----------------------------------------------------------------------------------


class BoundedPagination(LimitOffsetPagination):
    """`?limit=` and `?offset=` with a ceiling: a larger limit is cut to the maximum, a
    negative or non-numeric one gives the default page, an offset past the end an empty
    page (never a database error on a huge number)."""

    @property
    def default_limit(self):
        return settings.REST_FRAMEWORK["PAGE_SIZE"]

    @property
    def max_limit(self):
        return settings.API_MAX_PAGE_SIZE

    limit_query_description = gettext_lazy("Number of results per page.")
    offset_query_description = gettext_lazy("Position of the first result (0 for the first).")

    def get_offset(self, request):
        # Called after self.count is known: an offset past the end is the end.
        return min(super().get_offset(request), getattr(self, "count", 0))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
                )
                parameter["description"] = _(
                    "Number of results per page: %(default)s by default, %(max)s at most "
                    "(a larger number gives %(max)s)."
                ) % {"default": self.default_limit, "max": self.max_limit}
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update({"minimum": 0, "default": 0})
        return parameters


# --- Path ids ------------------------------------------------------------------------------


class ApiIdConverter:
    """`<api_id:pk>` in API paths: any segment reaches the view, which answers the API's
    JSON 404 in French; a segment that is no id a database holds (a word, -1, 0.5, a
    30-digit number) becomes 0, which no row has. With `<int:pk>` such a path matched no
    route and Django answered its HTML page."""

    regex = "[^/]+"

    def to_python(self, value: str) -> int:
        if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
            return int(value)
        return 0

    def to_url(self, value) -> str:
        return str(value)


# --- Query parameters ------------------------------------------------------------------------

MAX_ID = 2**63 - 1  # the largest primary key a database holds (bigint)


def id_parameter(name: str, description: str):
    """The OpenAPI declaration of a `?name=<id>` filter."""
    from drf_spectacular.utils import OpenApiParameter

    return OpenApiParameter(name, int, description=description, required=False)


def query_id(request, name: str) -> int | None:
    """The `?name=` filter as a primary key, None when absent; anything but a positive
    integer a database can hold is a 400 in French (never a database overflow)."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
        raise serializers.ValidationError(
            {name: [_("Give an identifier: a whole number from 1.")]}, code="invalid"
        )
    return int(raw)


# --- Dates -----------------------------------------------------------------------------------


class PlausibleDateField(serializers.DateField):
    """A date between API_DATE_MIN and API_DATE_MAX (settings): no service ever computes
    with year 1 or year 9999, where date arithmetic overflows and no rule is in force."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        low, high = settings.API_DATE_MIN, settings.API_DATE_MAX
        if not low <= day <= high:
            raise serializers.ValidationError(
                _("Give a date between %(low)s and %(high)s.")
                % {"low": short_date(low), "high": short_date(high)},
                code="date_range",
            )
        return day


# --- Errors ----------------------------------------------------------------------------------


def constraint_messages() -> dict[str, str]:
    """Every database constraint's name and the French message that explains it, read from
    the models (each constraint declares its `violation_error_message`)."""
    messages = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            messages[constraint.name] = str(constraint.get_violation_error_message())
    messages.update({name: str(message) for name, message in EXTRA_CONSTRAINTS.items()})
    return messages


# Constraints created by SQL migrations (PostgreSQL exclusion constraints), unknown to the
# models' Meta: their message is here.
EXTRA_CONSTRAINTS = {
    "assignment_no_double_booking": gettext_lazy(
        "This employee already works at that time (another assignment overlaps)."
    ),
    "suspension_no_overlap": gettext_lazy("Two suspensions of one PASS IAE cannot overlap."),
    "contract_no_overlap": gettext_lazy(
        "Two contracts of one person in one structure cannot overlap."
    ),
}


def _integrity_message(exc: IntegrityError) -> str:
    text = str(exc)
    for name, message in constraint_messages().items():
        if name in text:
            return message
    return _("This change conflicts with the data already recorded; reload and try again.")


def exception_handler(exc, context):
    """DRF's handler, plus: services' Django ValidationErrors as 400 keyed by field; an
    IntegrityError as 409 with the constraint's French message; a French 404 whatever
    raised it (never Django's English « No X matches the given query »)."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = serializers.ValidationError(detail)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound(_("Not found, or not yours to see."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("You may not do this here."))
    elif isinstance(exc, IntegrityError):
        logger.info("integrity error answered as 409: %s", exc)
        return Response(
            {"detail": _integrity_message(exc), "code": "conflict"},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc = exceptions.MethodNotAllowed(
            context["request"].method,
            detail=_("The method %(method)s is not allowed here.")
            % {"method": context["request"].method},
        )
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.UnsupportedMediaType(
            exc.args[0] if exc.args else "",
            detail=_("Send JSON (Content-Type: application/json)."),
        )
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(_("The request body could not be read: send valid JSON."))
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

    def to_internal_value(self, data):
        # A NUL byte never reaches a lookup (a related field's key, a slug): PostgreSQL
        # refuses it in any text with a server error, before any field's own check.
        if hasattr(data, "items"):
            related = {
                name
                for name, field in self.fields.items()
                if isinstance(field, serializers.RelatedField | serializers.ManyRelatedField)
            }
            pairs = data.lists() if hasattr(data, "lists") else data.items()
            bad = {
                name: [_("Remove the control characters from this field.")]
                for name, value in pairs
                # A form's values come as lists, whose str() escapes the byte: read each.
                if name in related
                and any("\x00" in str(v) for v in (value if isinstance(value, list) else [value]))
            }
            if bad:
                raise serializers.ValidationError(bad)
        return super().to_internal_value(data)


class Serializer(_TextSafety, serializers.Serializer):
    pass


class ModelSerializer(_TextSafety, serializers.ModelSerializer):
    pass
