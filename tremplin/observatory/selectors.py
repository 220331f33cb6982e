"""What the observatory shows, for an area (a structure, a delegation, the network) and a
year: headline figures and tables, read from the aggregates only (never the operations).

A structure's staff read its figures as they are, through the tenancy mechanism
(`Figure.objects.for_user`). Every other view — a delegation, the network, the public —
adds structures up and passes each table through disclosure control before anything
leaves this module: `Area.protected` says which.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.network.models import Delegation, Structure
from tremplin.people.models import ExitCategory
from tremplin.rules import rule

from . import cache, release
from .compute import periods
from .definitions import BY_KEY, PROFILE, THRESHOLD, Indicator, hidden_label
from .disclosure import Reason
from .layout import DYNAMIC, EXIT_CATEGORIES, EXIT_CODES, Layout, TableSpec, layout
from .layout_homecare import KEYS as HOMECARE_KEYS
from .layout_homecare import SECTION
from .models import Figure, Publication
from .release import Spec

__all__ = ["EXIT_CATEGORIES", "Reason"]

PERIOD_CODES = frozenset(p.code for p in periods(2000))


def period_choices(year: int) -> list[tuple[str, str]]:
    """(code, label) of the periods of a year, for the period selector."""
    labels = {"Y": _("The whole year"), "H1": _("1st half"), "H2": _("2nd half")}
    result = []
    for p in periods(year):
        if p.code in labels:
            label = labels[p.code]
        elif p.code.startswith("Q"):
            label = _("Quarter %(n)s") % {"n": p.code[1]}
        else:
            label = date_format(p.first, "F Y")
        result.append((p.code, label))
    return result


@dataclass(frozen=True)
class Area:
    kind: str  # "structure", "delegation", "network"
    label: str
    structure: Structure | None = None
    delegation: Delegation | None = None
    protected: bool = True

    def figures(self, actor=None):
        if self.kind == "structure" and not self.protected:
            # The structure's own staff: through the tenancy mechanism.
            return Figure.objects.for_user(actor).filter(structure=self.structure)
        # Sums over structures, protected below before they are shown.
        figures = Figure.objects.all()
        if self.kind == "structure":
            return figures.filter(structure=self.structure)
        if self.kind == "delegation":
            return figures.filter(structure__delegation=self.delegation)
        return figures

    @property
    def where(self) -> tuple:
        """The structures the area adds up, as release.Spec filters them."""
        if self.kind == "structure":
            return (("pk", self.structure.pk),)
        if self.kind == "delegation":
            return (("delegation", self.delegation.pk),)
        return ()

    @property
    def slug(self) -> str:
        if self.kind == "structure":
            return f"structure-{self.structure.pk}"
        if self.kind == "delegation":
            return f"delegation-{self.delegation.pk}"
        return "reseau"


NETWORK = Area("network", gettext_lazy("The network"))


@dataclass
class Headline:
    indicator: Indicator
    value: Decimal | None
    unit: str
    compare: Decimal | None = None  # the network's, for a structure or a delegation
    target: Decimal | None = None
    reason: Reason | None = None  # why the value is hidden

    @property
    def hidden_label(self):
        return hidden_label(self.reason)


@dataclass
class Table:
    slug: str
    title: str
    indicator: Indicator
    row_header: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Decimal | None]]
    row_totals: list[Decimal | None]
    column_totals: list[Decimal | None]
    total: Decimal | None
    hidden: int = 0
    codes: list[str] = field(default_factory=list)  # row codes (départements for the map)
    additive_rows: bool = True  # False: columns of different meaning, no row total
    # Why each hidden value is hidden (disclosure.Reason), alongside the values.
    reasons: list[list[Reason | None]] = field(default_factory=list)
    row_total_reasons: list[Reason | None] = field(default_factory=list)
    column_total_reasons: list[Reason | None] = field(default_factory=list)
    total_reason: Reason | None = None
    section: str = ""  # "homecare": the page's home-services section

    @property
    def shows_row_totals(self) -> bool:
        return self.additive_rows and len(self.columns) > 1

    @property
    def rows_zipped(self):
        """(label, [(value, reason)], (row total, reason)) per row."""
        reasons = self.reasons or [[None] * len(row) for row in self.cells]
        totals = self.row_total_reasons or [None] * len(self.rows)
        for label, cells, why, total, total_why in zip(
            self.rows, self.cells, reasons, self.row_totals, totals, strict=True
        ):
            yield (
                label,
                [(v, hidden_label(r)) for v, r in zip(cells, why, strict=True)],
                (total, hidden_label(total_why)),
            )

    @property
    def footer(self):
        reasons = self.column_total_reasons or [None] * len(self.column_totals)
        return [(v, hidden_label(r)) for v, r in zip(self.column_totals, reasons, strict=True)]

    @property
    def total_label(self):
        return hidden_label(self.total_reason)


@dataclass
class Dashboard:
    area: Area
    year: int
    period: str
    headlines: list[Headline]
    tables: list[Table]
    evolution: dict  # year -> {accompanied, dynamic_rate, durable_rate}
    shares: list[tuple[str, Decimal | None, Decimal | None]]  # profile: area, network (%)
    threshold: int = THRESHOLD
    # Home services (Proxim'Services): empty where no structure of the area has any.
    homecare: list[Headline] = field(default_factory=list)

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)

    @property
    def main_tables(self) -> list[Table]:
        return [t for t in self.tables if not t.section]

    @property
    def homecare_tables(self) -> list[Table]:
        return [t for t in self.tables if t.section == SECTION]


# Reading -------------------------------------------------------------------------------


def _rate(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def _round(value, quantum):
    return None if value is None else value.quantize(Decimal(quantum))


def exit_rates(sums, area) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(counted exits, dynamic rate, durable rate) from {(key, category): (value, people)}
    of one area, with the people rule only (a release adds the others)."""
    counted = {c: sums.get(("counted_exits", c), (Decimal(0), 0)) for c in EXIT_CODES}
    total = sum((v for v, _n in counted.values()), Decimal(0))
    people = sum(n for _v, n in counted.values())
    denominator = total - counted[ExitCategory.WITHDRAWN][0]
    dynamic = sum((counted[c][0] for c in DYNAMIC), Decimal(0))
    if area.protected and 0 < people < THRESHOLD:
        return None, None, None
    if area.protected and 0 < denominator < THRESHOLD:
        return total, None, None
    return total, _rate(dynamic, denominator), _rate(counted[ExitCategory.DURABLE][0], denominator)


def median_months(histogram: dict[str, Decimal]) -> Decimal | None:
    """The median of the path-length histogram (whole months)."""
    total = sum(histogram.values(), Decimal(0))
    if not total:
        return None
    seen = Decimal(0)
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen * 2 >= total:
            return Decimal(int(bucket))
    return None


@dataclass
class _Read:
    """An area's figures for a period, as published: its layout and its release."""

    area: Area
    data: release.Data
    layout: Layout
    published: release.Release
    network: _Read | None = None  # the network's, known to the reader of a delegation

    def value(self, name: str) -> release.Value:
        return self.published.of(self.layout.headlines[name])

    def shown(self, name):
        return self.value(name).shown

    def rate(self, numerator: str) -> tuple[Decimal | None, Reason | None]:
        top, bottom = self.value(numerator), self.value("denominator")
        reason = bottom.reason or top.reason
        if reason:
            return None, reason
        return _rate(top.value, bottom.value), None

    def median(self) -> tuple[Decimal | None, Reason | None]:
        paths = self.value("paths")
        if paths.reason:
            return None, paths.reason
        # Read bucket by bucket to find the median, never published bucket by bucket.
        histogram = {
            b: self.data.value(Spec(self.area.where, (("path_length", b),))).value
            for b in self.layout.path_buckets
        }
        return median_months(histogram), None

    def share(self, name: str) -> tuple[Decimal | None, Reason | None]:
        return self.ratio(f"profile:{name}", "accompanied")

    def ratio(self, part: str, whole: str) -> tuple[Decimal | None, Reason | None]:
        """part / whole in %, shown only when both are: a share and its whole shown
        would give the part back."""
        count, total = self.value(part), self.value(whole)
        reason = count.reason or total.reason
        return (None, reason) if reason else (_rate(count.value, total.value), None)


def _read(area, year, period, *, actor=None, keys=None, directory=None) -> _Read:
    """The area's release; a delegation's is protected with the network's as known."""
    directory = directory or release.Directory()
    if area.kind == "structure" and not area.protected:
        data = release.Data(
            year, period, directory=directory, keys=keys, figures=area.figures(actor)
        )
        plan = layout(area, data)
        return _Read(area, data, plan, release.evaluate(data, plan.specs()))
    data = release.Data(year, period, directory=directory, keys=keys)
    network = None
    if area.kind != "network":
        network = _read(NETWORK, year, period, keys=keys, directory=directory)
    plan = layout(area, data)
    given = network.published if network else None
    published = release.protect(data, plan.specs(), given=given)
    return _Read(area, data, plan, published, network)


# The dashboard ---------------------------------------------------------------------------


def dashboard(*, area: Area, year: int, period: str = "Y", actor=None) -> Dashboard:
    """The figures of `period` of `year` (compute.periods: Y, H1, Q2, M03…)."""
    if not area.protected:  # a structure's own figures, read through tenancy: not kept
        return _dashboard(area=area, year=year, period=period, actor=actor)
    where = area.structure.pk if area.structure else area.delegation.pk if area.delegation else ""
    return cache.kept(
        (area.kind, where, year, period),
        lambda: _dashboard(area=area, year=year, period=period, actor=actor),
    )


def _dashboard(*, area: Area, year: int, period: str, actor) -> Dashboard:
    directory = release.Directory()
    read = _read(area, year, period, actor=actor, directory=directory)
    # The network's figures, for comparison (none on its own page): as the network's
    # page publishes them.
    network = read.network
    if area.kind == "structure":
        network = _read(NETWORK, year, period, keys=COMPARED, directory=directory)
    tables = [_table(read, spec) for spec in read.layout.tables]
    shares = [
        (label, *read.share(name), network.share(name)[0] if network else None)
        for name, label in PROFILE.items()
    ]
    return Dashboard(
        area=area,
        year=year,
        period=period,
        headlines=_headlines(read, year, network),
        tables=tables,
        evolution=evolution(area=area, actor=actor, directory=directory),
        shares=[(label, share, compare) for label, share, _reason, compare in shares],
        homecare=_homecare_headlines(read, network),
    )


# The exits' parts together: the counted ones are protected with the recorded ones.
EXITS = ["exits", "counted_exits", "uncounted_exits"]
COMPARED = ["accompanied", *EXITS, "path_length", "profile", *HOMECARE_KEYS]


def _headlines(read: _Read, year, network) -> list[Headline]:
    end = datetime.date(year, 12, 31)
    dynamic, dynamic_reason = read.rate("dynamic")
    durable, durable_reason = read.rate("durable")
    median, median_reason = read.median()

    def value(name, quantum=None):
        v = read.value(name)
        return (_round(v.shown, quantum) if quantum else v.shown), v.reason

    rows = [
        (BY_KEY["accompanied"], *value("accompanied"), _("people"), None, None),
        (BY_KEY["entries"], *value("entries"), _("people"), None, None),
        (BY_KEY["exits"], *value("recorded"), _("people"), None, None),
        (BY_KEY["counted_exits"], *value("counted"), _("people"), None, None),
        (
            BY_KEY["dynamic_rate"],
            dynamic,
            dynamic_reason,
            "%",
            network and network.rate("dynamic")[0],
            Decimal(100) * rule("exit.target_dynamic", end),
        ),
        (
            BY_KEY["durable_rate"],
            durable,
            durable_reason,
            "%",
            network and network.rate("durable")[0],
            Decimal(100) * rule("exit.target_durable", end),
        ),
        (
            BY_KEY["path_length"],
            median,
            median_reason,
            _("months (median)"),
            network and network.median()[0],
            None,
        ),
        (BY_KEY["hours"], *value("hours", "1"), _("hours"), None, None),
        (BY_KEY["etp"], *value("etp", "0.01"), _("ETP"), None, None),
        (BY_KEY["aide_poste"], *value("aide_poste", "1"), "€", None, None),
    ]
    return [
        Headline(indicator, v, unit, compare or None, target, reason=reason)
        for indicator, v, reason, unit, compare, target in rows
    ]


def _homecare_headlines(read: _Read, network) -> list[Headline]:
    """Households served, hours, and the two shares; the network's shares compared."""
    if "sap_households" not in read.layout.headlines:
        return []

    def count(name, unit, quantum):
        v = read.value(name)
        return Headline(BY_KEY[name], _round(v.shown, quantum), unit, reason=v.reason)

    def share(name, part, whole):
        value, reason = read.ratio(part, whole)
        compare = None
        if network is not None and "sap_households" in network.layout.headlines:
            compare = network.ratio(part, whole)[0]
        return Headline(BY_KEY[name], value, "%", compare, reason=reason)

    return [
        count("sap_households", _("households"), "1"),
        count("sap_hours", _("hours"), "1"),
        share("sap_advance", "sap_advance", "sap_households"),
        share("sap_insertion", "sap_insertion", "sap_intervenants"),
    ]


def _table(read: _Read, spec: TableSpec) -> Table:
    def get(s):
        if s is None:
            return None, None
        v = read.published.of(s)
        shown = v.shown
        return (_round(shown, spec.quantum) if spec.quantum else shown), v.reason

    cells = [[get(s) for s in row] for row in spec.cells]
    row_totals = [get(s) for s in spec.row_totals]
    column_totals = [get(s) for s in spec.column_totals]
    total = get(spec.total)
    hidden = [r for row in cells for _v, r in row] + [r for _v, r in row_totals]
    hidden += [r for _v, r in column_totals] + [total[1]]
    return Table(
        slug=spec.slug,
        title=spec.title,
        indicator=BY_KEY[spec.key],
        row_header=spec.row_header,
        rows=[str(label) for _c, label in spec.rows],
        columns=[str(label) for _c, label in spec.columns],
        cells=[[v for v, _r in row] for row in cells],
        row_totals=[v for v, _r in row_totals],
        column_totals=[v for v, _r in column_totals],
        total=total[0],
        hidden=len({id(s) for s in spec.specs() if read.published.of(s).reason}),
        codes=[str(code) for code, _l in spec.rows],
        additive_rows=spec.additive_rows,
        reasons=[[r for _v, r in row] for row in cells],
        row_total_reasons=[r for _v, r in row_totals],
        column_total_reasons=[r for _v, r in column_totals],
        total_reason=total[1],
        section=spec.section,
    )


def evolution(*, area: Area, actor=None, directory=None) -> dict[int, dict]:
    """Year by year: people accompanied and the exit rates (for the line chart), each
    year as that year's page publishes them."""
    directory = directory or release.Directory()
    result = {}
    for year in available_years(area, actor):
        read = _read(
            area, year, "Y", actor=actor, keys=["accompanied", *EXITS], directory=directory
        )
        result[year] = {
            "accompanied": read.shown("accompanied"),
            "accompanied_reason": read.value("accompanied").reason,
            "accompanied_hidden": hidden_label(read.value("accompanied").reason),
            "dynamic_rate": read.rate("dynamic")[0],
            "durable_rate": read.rate("durable")[0],
        }
    return dict(sorted(result.items()))


def published_years() -> list[int]:
    return list(Publication.objects.values_list("year", flat=True))


def available_years(area: Area, actor=None) -> list[int]:
    """From the latest year with figures to the first (two index lookups: a DISTINCT over
    millions of aggregate rows took most of the network page's time at the sector's scale)."""
    bounds = area.figures(actor).aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))
