"""Observatory pages: the dashboards of a structure, a delegation, the network and the
public, each with its tables exportable as CSV or XLSX (`?export=<table>&format=csv`) and
its annual report as PDF (`?format=pdf`)."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.accounts.selectors import current_membership
from tremplin.accounts.tenancy import scope_of
from tremplin.common import spreadsheets
from tremplin.network.models import Delegation

from . import maps, rules, selectors, services, training_hours
from .definitions import METHOD, SECRET_SOURCE, hidden_label
from .selectors import NETWORK, Area


def _year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = None
    if year in years:
        return year
    # The last complete year once it has figures, else the latest.
    last = datetime.date.today().year - 1
    return last if last in years else years[0]


@login_required
def home(request):
    """Each user's observatory: their structure's, their delegation's, or the network's."""
    scope = scope_of(request.user)
    if scope.is_federation:
        return redirect("observatory:network")
    if scope.delegation_ids:
        return redirect("observatory:delegation", pk=min(scope.delegation_ids))
    membership = current_membership(request)
    if membership and rules.can_see_structure(request.user, membership.structure_id):
        return redirect("observatory:structure")
    return redirect("observatory:public")


@login_required
def network(request):
    rules.require(rules.can_see_network(request.user))
    years = selectors.available_years(NETWORK)
    return _dashboard(
        request, NETWORK, years, can_publish=True, delegations=Delegation.objects.order_by("name")
    )


@login_required
def delegation(request, pk):
    if not rules.can_see_delegation(request.user, pk):
        raise Http404
    try:
        item = Delegation.objects.get(pk=pk)
    except Delegation.DoesNotExist as exc:
        raise Http404 from exc
    area = Area("delegation", item.name, delegation=item)
    return _dashboard(request, area, selectors.available_years(area))


@login_required
def structure(request):
    membership = current_membership(request)
    if membership is None or not rules.can_see_structure(request.user, membership.structure_id):
        raise Http404
    area = Area(
        "structure", membership.structure.name, structure=membership.structure, protected=False
    )
    return _dashboard(request, area, selectors.available_years(area, request.user))


def public(request):
    """The published years of the network, for everybody."""
    years = selectors.published_years()
    if not years:
        return render(request, "observatory/public_empty.html")
    return _dashboard(request, NETWORK, years, public=True)


@login_required
def publish(request):
    rules.require(rules.can_publish(request.user))
    if request.method != "POST":
        raise Http404
    try:
        year = int(request.POST.get("annee", ""))
    except ValueError as exc:
        raise Http404 from exc
    try:
        services.publication_create(actor=request.user, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The figures of %(year)s are published.") % {"year": year})
    return redirect(f"{reverse('observatory:network')}?annee={year}")


def _period(request) -> str:
    period = request.GET.get("periode", "Y")
    return period if period in selectors.PERIOD_CODES else "Y"


def _dashboard(request, area, years, *, public=False, can_publish=False, delegations=()):
    if not years:
        # An area without figures yet (a delegation with no structures, a structure
        # before its first contract): the page exists and says so.
        return render(
            request,
            "observatory/empty.html",
            {"area": area, "delegations": delegations},
        )
    year, period = _year(request, years), _period(request)
    board = selectors.dashboard(area=area, year=year, period=period, actor=request.user)
    if public:  # the unpublished years stay out of the public charts
        board.evolution = {y: v for y, v in board.evolution.items() if y in years}
    if "export" in request.GET:
        return _export(board, request.GET["export"], request.GET.get("format", "csv"))
    choices = selectors.period_choices(year)
    departements = board.table("departements")
    values = dict(zip(departements.codes, (row[0] for row in departements.cells), strict=True))
    reasons = {
        code: hidden_label(why[0])
        for code, why in zip(departements.codes, departements.reasons, strict=True)
    }
    context = {
        "board": board,
        "years": years,
        "year": year,
        "period": period,
        "periods": choices,
        "period_label": dict(choices)[period],
        "public": public,
        "map": maps.choropleth(values, shown=set(departements.codes), reasons=reasons),
        "method": METHOD,
        "method_source": SECRET_SOURCE,
        "chart_data": _chart_data(board),
        "published": year in selectors.published_years(),
        "can_publish": can_publish and rules.can_publish(request.user),
        "delegations": delegations,
        # Public pages keep to the published figures: no training hours there.
        "training_hours": None if public else training_hours.figure_for(area, year),
    }
    if request.GET.get("format") == "pdf":
        from . import report  # WeasyPrint loads system libraries: only when asked

        response = HttpResponse(report.annual_report(context), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="observatoire-{area.slug}-{year}{"" if period == "Y" else "-" + period}.pdf"'
        )
        return response
    return render(request, "observatory/dashboard.html", context)


def _chart_data(board) -> dict:
    def number(value):
        return None if value is None else float(value)

    years = sorted(board.evolution)
    return {
        "years": years,
        "accompanied": [number(board.evolution[y]["accompanied"]) for y in years],
        "dynamic": [number(board.evolution[y]["dynamic_rate"]) for y in years],
        "durable": [number(board.evolution[y]["durable_rate"]) for y in years],
        "profile_labels": [str(label) for label, _a, _n in board.shares],
        "profile": [number(share) for _l, share, _n in board.shares],
        "profile_network": [number(share) for _l, _s, share in board.shares],
        "labels": {
            "accompanied": _("People accompanied"),
            "dynamic": _("Dynamic exits rate (%)"),
            "durable": _("Lasting employment rate (%)"),
            "area": str(board.area.label),
            "network": _("Network"),
        },
    }


def _rows(table):
    """The table as rows of an export; a hidden value says why."""

    def shown(pairs):
        return [why if v is None else v for v, why in pairs]

    totals = table.shows_row_totals
    yield [table.row_header or "", *table.columns, *([_("Total")] if totals else [])]
    for label, cells, total in table.rows_zipped:
        yield [label, *shown(cells), *(shown([total]) if totals else [])]
    yield [
        _("Total"),
        *shown(table.footer),
        *(shown([(table.total, table.total_label)]) if totals else []),
    ]


def _export(board, slug: str, fmt: str) -> HttpResponse:
    try:
        table = board.table(slug)
    except StopIteration as exc:
        raise Http404 from exc
    period = "" if board.period == "Y" else f"-{board.period}"
    name = f"observatoire-{board.area.slug}-{board.year}{period}-{slug}"
    if fmt == "xlsx":
        book = spreadsheets.XlsxBook()
        sheet = book.sheet(slug)
        sheet.append([str(table.title)])
        sheet.append([str(table.indicator.definition)])
        for row in _rows(table):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt != "csv":
        raise Http404
    response = HttpResponse(
        spreadsheets.csv_bytes(_rows(table)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
