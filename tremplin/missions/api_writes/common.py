"""What the missions API's write views share: the structure named in a body (one the user
works in, else a French 404), a month's input, an empty body."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import serializers

from tremplin.accounts.tenancy import scope_of
from tremplin.common.api import MAX_ID, PlausibleDateField, Serializer
from tremplin.network.models import Structure


def _member_structure(request, pk: int) -> Structure:
    """A structure the user works in; any other is a French 404 (as its rows are)."""
    return get_object_or_404(
        Structure.objects.filter(pk__in=scope_of(request.user).member_structure_ids), pk=pk
    )


def _month_start(value):
    return value.replace(day=1)


class MonthInput(Serializer):
    structure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    month = PlausibleDateField(help_text="Any day of the month.")


class Empty(Serializer):
    pass
