"""The observatory's figures through the API: the same dashboards as the pages, for the
same roles, with the same disclosure control (hidden values are null)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.network.models import Delegation, Structure

from . import rules, selectors
from .definitions import hidden_label
from .disclosure import Reason
from .selectors import NETWORK, Area

YEAR = OpenApiParameter("annee", OpenApiTypes.INT, description="année (défaut : la dernière)")
PERIOD = OpenApiParameter(
    "periode", OpenApiTypes.STR, description="Y (année, défaut), H1, H2, Q1…Q4, M01…M12"
)


def _number(value):
    return None if value is None else float(value)


def _why(reasons):
    return [str(r) if r else None for r in reasons]


def _headline(h) -> dict:
    return {
        "indicator": h.indicator.key,
        "label": str(h.indicator.label),
        "value": _number(h.value),
        "hidden": str(h.reason) if h.reason else None,
        "unit": str(h.unit),
        "network": _number(h.compare),
        "target": _number(h.target),
        "definition": str(h.indicator.definition),
        "source": h.indicator.source,
    }


def dashboard_json(board) -> dict:
    """Hidden values are null; `*_hidden` say why (disclosure.Reason: people, structures,
    dominance, secondary), `hidden_reasons` in words. `homecare`: the home-services
    headlines (households served, hours, the shares under the immediate advance and in an
    insertion path), empty where no structure has home services; their tables are among
    `tables` (`sap`, `sap_hours`)."""
    return {
        "area": {"kind": board.area.kind, "label": str(board.area.label)},
        "year": board.year,
        "period": board.period,
        "protected": board.area.protected,
        "threshold": board.threshold,
        "hidden_reasons": {str(r): hidden_label(r) for r in Reason},
        "headlines": [_headline(h) for h in board.headlines],
        "homecare": [_headline(h) for h in board.homecare],
        "tables": [
            {
                "table": t.slug,
                "title": str(t.title),
                "definition": str(t.indicator.definition),
                "rows": t.rows,
                "row_codes": t.codes,
                "columns": t.columns,
                "cells": [[_number(v) for v in row] for row in t.cells],
                "row_totals": [_number(v) for v in t.row_totals],
                "column_totals": [_number(v) for v in t.column_totals],
                "total": _number(t.total),
                "hidden": t.hidden,
                "cells_hidden": [_why(row) for row in t.reasons],
                "row_totals_hidden": _why(t.row_total_reasons),
                "column_totals_hidden": _why(t.column_total_reasons),
                "total_hidden": str(t.total_reason) if t.total_reason else None,
            }
            for t in board.tables
        ],
        "evolution": {
            str(year): {
                "accompanied": _number(values["accompanied"]),
                "accompanied_hidden": values["accompanied_reason"] or None,
                "dynamic_rate": _number(values["dynamic_rate"]),
                "durable_rate": _number(values["durable_rate"]),
            }
            for year, values in board.evolution.items()
        },
    }


def _answer(request, area, years, *, public=False):
    try:
        year = int(request.query_params.get("annee", ""))
    except ValueError:
        year = years[0] if years else None
    if year not in years:
        raise Http404
    period = request.query_params.get("periode", "Y")
    if period not in selectors.PERIOD_CODES:
        raise Http404
    board = selectors.dashboard(area=area, year=year, period=period, actor=request.user)
    if public:  # unpublished years stay out
        board.evolution = {y: v for y, v in board.evolution.items() if y in years}
    return Response(dashboard_json(board))


class NetworkFigures(APIView):
    """The network's figures (federation staff), protected."""

    @extend_schema(parameters=[YEAR, PERIOD], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        rules.require(rules.can_see_network(request.user))
        return _answer(request, NETWORK, selectors.available_years(NETWORK))


class DelegationFigures(APIView):
    """A delegation's figures (its delegates, federation staff), protected."""

    @extend_schema(parameters=[YEAR, PERIOD], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        if not rules.can_see_delegation(request.user, pk):
            raise Http404
        delegation = Delegation.objects.filter(pk=pk).first()
        if delegation is None:
            raise Http404
        area = Area("delegation", delegation.name, delegation=delegation)
        return _answer(request, area, selectors.available_years(area))


class StructureFigures(APIView):
    """A structure's own figures, as they are, for its staff."""

    @extend_schema(parameters=[YEAR, PERIOD], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk):
        if not rules.can_see_structure(request.user, pk):
            raise Http404
        structure = Structure.objects.get(pk=pk)
        area = Area("structure", structure.name, structure=structure, protected=False)
        return _answer(request, area, selectors.available_years(area, request.user))


class PublishedFigures(APIView):
    """The years the federation published, for everybody."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[YEAR, PERIOD], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return _answer(request, NETWORK, selectors.published_years(), public=True)
