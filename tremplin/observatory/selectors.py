"""What the observatory shows, for an area (a structure, a delegation, the network) and a
year: headline figures and tables, read from the aggregates only (never the operations).

A structure's staff read its figures as they are, through the tenancy mechanism
(`Figure.objects.for_user`). Every other view — a delegation, the network, the public —
adds structures up and passes each table through disclosure control before anything
leaves this module: `Area.protected` says which.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.missions.models import ClientKind
from tremplin.network.models import (
    Activity,
    Delegation,
    Departement,
    Region,
    Structure,
    StructureKind,
)
from tremplin.people.models import ExitCategory
from tremplin.people.models.accompaniment import BarrierCategory
from tremplin.rules import rule

from .compute import periods
from .definitions import BY_KEY, PROFILE, THRESHOLD, Indicator
from .disclosure import protect
from .models import Figure, Publication

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


EXIT_CATEGORIES = [*ExitCategory.choices, ("unknown", gettext_lazy("Reason not given"))]
DYNAMIC = {ExitCategory.DURABLE, ExitCategory.TRANSITION, ExitCategory.POSITIVE}


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

    @property
    def shows_row_totals(self) -> bool:
        return self.additive_rows and len(self.columns) > 1

    @property
    def rows_zipped(self):
        return zip(self.rows, self.cells, self.row_totals, strict=True)


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

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)


# Building blocks -------------------------------------------------------------------------


def _sum(queryset, *group) -> dict:
    rows = queryset.values(*group).annotate(v=Sum("value"), n=Sum("people"))
    return {tuple(row[g] for g in group): (row["v"] or Decimal(0), row["n"] or 0) for row in rows}


def _table(area, slug, title, key, row_header, rows, columns, sums) -> Table:
    """rows/columns: [(code, label)]; sums: {(row code, column code): (value, people)}."""
    values = [[sums.get((r, c), (Decimal(0), 0))[0] for c, _l in columns] for r, _l in rows]
    people = [[sums.get((r, c), (Decimal(0), 0))[1] for c, _l in columns] for r, _l in rows]
    if not rows:
        values, people = [], []
    if area.protected and rows:
        published = protect(values, people)
        cells, rt, ct, total, hidden = (
            published.cells,
            published.row_totals,
            published.column_totals,
            published.total,
            published.hidden,
        )
    else:
        cells = values
        rt = [sum(row, Decimal(0)) for row in values]
        ct = [sum((row[i] for row in values), Decimal(0)) for i in range(len(columns))]
        total, hidden = sum(rt, Decimal(0)), 0
    return Table(
        slug=slug,
        title=title,
        indicator=BY_KEY[key],
        row_header=row_header,
        rows=[str(label) for _c, label in rows],
        columns=[str(label) for _c, label in columns],
        cells=cells,
        row_totals=rt,
        column_totals=ct,
        total=total,
        hidden=hidden,
        codes=[str(code) for code, _l in rows],
    )


def _one(area, sums, key, category="") -> Decimal | None:
    value, people = sums.get((key, category), (Decimal(0), 0))
    if area.protected and 0 < people < THRESHOLD:
        return None
    return value


def _rate(numerator, denominator) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))


def exit_rates(sums, area) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(counted exits, dynamic rate, durable rate) from the counted exits by category."""
    counted = {c: sums.get(("counted_exits", c), (Decimal(0), 0)) for c, _l in EXIT_CATEGORIES}
    total = sum((v for v, _n in counted.values()), Decimal(0))
    people = sum(n for _v, n in counted.values())
    withdrawn = counted[ExitCategory.WITHDRAWN][0]
    denominator = total - withdrawn
    dynamic = sum((counted[c][0] for c in DYNAMIC), Decimal(0))
    durable = counted[ExitCategory.DURABLE][0]
    if area.protected and 0 < people < THRESHOLD:
        return None, None, None
    if area.protected and 0 < denominator < THRESHOLD:
        return total, None, None
    return total, _rate(dynamic, denominator), _rate(durable, denominator)


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


# The dashboard ---------------------------------------------------------------------------


def dashboard(*, area: Area, year: int, period: str = "Y", actor=None) -> Dashboard:
    """The figures of `period` of `year` (compute.periods: Y, H1, Q2, M03…)."""
    figures = area.figures(actor).filter(year=year, period=period)
    sums = _sum(figures, "key", "category")
    totals: dict[tuple[str], tuple[Decimal, int]] = {}
    for (key, _category), (value, people) in sums.items():
        old = totals.get((key,), (Decimal(0), 0))
        totals[key,] = (old[0] + value, old[1] + people)
    # The network's rates and shares, read once, for comparison (none on its own page).
    network = _network_rates(year, period) if area.kind != "network" else None
    headlines = _headlines(area, year, sums, totals, network)
    tables = _tables(area, figures)
    profile = next(t for t in tables if t.slug == "profile")
    network_shares = network["shares"] if network else {}
    shares = (
        [
            (label, _rate(count, profile.total), network_shares.get(name))
            for (name, label), count in zip(PROFILE.items(), profile.cells[0], strict=True)
        ]
        if profile.cells
        else []
    )
    return Dashboard(
        area=area,
        year=year,
        period=period,
        headlines=headlines,
        tables=tables,
        evolution=evolution(area=area, actor=actor),
        shares=shares,
    )


def _headlines(area, year, sums, totals, network) -> list[Headline]:
    def total(key):
        value, people = totals.get((key,), (Decimal(0), 0))
        return None if area.protected and 0 < people < THRESHOLD else value

    accompanied = total("accompanied")
    counted, dynamic, durable = exit_rates(sums, area)
    histogram = {
        category: value for (key, category), (value, _n) in sums.items() if key == "path_length"
    }
    path_people = sum(n for (key, _c), (_v, n) in sums.items() if key == "path_length")
    median = median_months(histogram)
    if area.protected and 0 < path_people < THRESHOLD:
        median = None
    rows = [
        Headline(BY_KEY["accompanied"], accompanied, _("people")),
        Headline(BY_KEY["entries"], total("entries"), _("people")),
        Headline(BY_KEY["counted_exits"], counted, _("people")),
        Headline(
            BY_KEY["dynamic_rate"],
            dynamic,
            "%",
            network and network["dynamic"],
            Decimal(100) * rule("exit.target_dynamic", datetime.date(year, 12, 31)),
        ),
        Headline(
            BY_KEY["durable_rate"],
            durable,
            "%",
            network and network["durable"],
            Decimal(100) * rule("exit.target_durable", datetime.date(year, 12, 31)),
        ),
        Headline(
            BY_KEY["path_length"], median, _("months (median)"), network and network["median"]
        ),
        Headline(BY_KEY["hours"], _round(total("hours"), "1"), _("hours")),
        Headline(BY_KEY["etp"], _round(total("etp"), "0.01"), _("ETP")),
        Headline(BY_KEY["aide_poste"], _round(total("aide_poste"), "1"), "€"),
    ]
    return rows


def _round(value, quantum):
    return None if value is None else value.quantize(Decimal(quantum))


def _network_rates(year, period="Y") -> dict:
    sums = _sum(NETWORK.figures().filter(year=year, period=period), "key", "category")
    _counted, dynamic, durable = exit_rates(sums, NETWORK)
    histogram = {c: v for (k, c), (v, _n) in sums.items() if k == "path_length"}
    accompanied = sum(v for (k, _c), (v, _n) in sums.items() if k == "accompanied")
    shares = {
        name: _rate(sums.get(("profile", name), (None, 0))[0], accompanied) for name in PROFILE
    }
    return {
        "dynamic": dynamic,
        "durable": durable,
        "median": median_months(histogram),
        "shares": shares,
    }


def _tables(area, figures) -> list[Table]:
    tables = []
    by = _dimension(area)
    row_code, row_header, row_labels = by
    sums = _sum(figures.filter(key="accompanied"), row_code, "key")
    tables.append(
        _table(
            area,
            "accompanied",
            _("People accompanied"),
            "accompanied",
            row_header,
            row_labels,
            [("accompanied", _("People accompanied"))],
            sums,
        )
    )
    if area.kind != "structure":
        sums = _sum(figures.filter(key="accompanied"), "structure__kind", "key")
        tables.append(
            _table(
                area,
                "kinds",
                _("People accompanied by kind of structure"),
                "accompanied",
                _("Kind"),
                StructureKind.choices,
                [("accompanied", _("People accompanied"))],
                sums,
            )
        )
    sums = _sum(figures.filter(key="counted_exits"), row_code, "category")
    tables.append(
        _table(
            area,
            "exits",
            _("Counted exits by ASP category"),
            "exits",
            row_header,
            row_labels,
            EXIT_CATEGORIES,
            sums,
        )
    )
    sums = _sum(figures.filter(key="profile"), "key", "category")
    accompanied = _sum(figures.filter(key="accompanied"), "key")
    tables.append(_profile_table(area, sums, accompanied))
    for key, title, columns in (
        ("barriers_identified", _("Barriers identified"), BarrierCategory.choices),
        ("barriers_lifted", _("Barriers lifted"), BarrierCategory.choices),
        ("mission_hours", _("Mission hours by kind of client"), ClientKind.choices),
    ):
        sums = {("", c): v for (c,), v in _sum(figures.filter(key=key), "category").items()}
        tables.append(
            _table(
                area,
                key,
                title,
                "barriers" if key.startswith("barriers") else key,
                "",
                [("", str(area.label))],
                columns,
                sums,
            )
        )
    tables.append(_path_length_table(area, figures))
    tables.append(_etp_table(area, figures))
    tables.append(_departement_table(area, figures))
    tables.append(_unmet_table(area, figures))
    return tables


def _dimension(area):
    """Rows of the main tables: régions for the network, départements for a delegation,
    kinds for a structure (one row)."""
    if area.kind == "network":
        return (
            "structure__commune__departement__region",
            _("Région"),
            [(r.code, r.name) for r in Region.objects.order_by("name")],
        )
    if area.kind == "delegation":
        departements = Departement.objects.filter(region__delegations=area.delegation).order_by(
            "code"
        )
        return (
            "structure__commune__departement",
            _("Département"),
            [(d.code, str(d)) for d in departements],
        )
    return (
        "structure__kind",
        _("Kind"),
        [(area.structure.kind, area.structure.get_kind_display())],
    )


def _profile_table(area, sums, accompanied) -> Table:
    """Counts per profile; a share is shown only when its count is."""
    total_value, total_people = accompanied.get(("accompanied",), (Decimal(0), 0))
    columns = [(name, label) for name, label in PROFILE.items()]
    cells_sums = {("", name): sums.get(("profile", name), (Decimal(0), 0)) for name in PROFILE}
    table = _table(
        area,
        "profile",
        _("Profile of the people accompanied"),
        "profile",
        "",
        [("", area.label)],
        columns,
        cells_sums,
    )
    # Profiles overlap (a woman under 26 counts twice): the row total means nothing, the
    # denominator is the people accompanied.
    table.row_totals, table.additive_rows = [None], False
    table.total = None if area.protected and 0 < total_people < THRESHOLD else total_value
    return table


PATH_BANDS = [
    ("0-2", gettext_lazy("under 3 months"), range(0, 3)),
    ("3-5", gettext_lazy("3 to 5 months"), range(3, 6)),
    ("6-11", gettext_lazy("6 to 11 months"), range(6, 12)),
    ("12-23", gettext_lazy("12 to 23 months"), range(12, 24)),
    ("24+", gettext_lazy("24 months and more"), range(24, 10_000)),
]


def _path_length_table(area, figures) -> Table:
    """The distribution of path lengths at exit, in bands of months."""
    sums: dict = {}
    for (bucket,), (value, people) in _sum(figures.filter(key="path_length"), "category").items():
        band = next(code for code, _label, months in PATH_BANDS if int(bucket) in months)
        old = sums.get((band, "exits"), (Decimal(0), 0))
        sums[band, "exits"] = (old[0] + value, old[1] + people)
    return _table(
        area,
        "path_length",
        _("Path length at exit"),
        "path_length",
        _("Months worked"),
        [(code, label) for code, label, _months in PATH_BANDS],
        [("exits", _("Exits"))],
        sums,
    )


def _etp_table(area, figures) -> Table:
    """Hours, ETP and the aide au poste estimate per ASP mesure (the structures' kind). The
    columns have different units: no row total."""
    sums = {}
    for key in ("hours", "etp", "aide_poste"):
        for (kind, _k), value in _sum(figures.filter(key=key), "structure__kind", "key").items():
            sums[kind, key] = value
    table = _table(
        area,
        "etp",
        _("Hours, ETP and aide au poste by ASP mesure"),
        "etp",
        _("Mesure"),
        [(kind, kind) for kind in StructureKind.values],
        [("hours", _("Hours")), ("etp", _("ETP")), ("aide_poste", _("Aide au poste (€)"))],
        sums,
    )
    table.row_totals = [None] * len(table.rows)
    table.total, table.additive_rows = None, False
    table.cells = [[_round(v, "0.01") for v in row] for row in table.cells]
    table.column_totals = [_round(v, "0.01") for v in table.column_totals]
    return table


def _departement_table(area, figures) -> Table:
    """People accompanied by département: the map."""
    sums = {
        (code, "accompanied"): v
        for (code,), v in _sum(
            figures.filter(key="accompanied"), "structure__commune__departement"
        ).items()
    }
    departements = Departement.objects.order_by("code")
    if area.kind == "delegation":
        departements = departements.filter(region__delegations=area.delegation)
    elif area.kind == "structure":
        departements = departements.filter(code=area.structure.commune.departement_id)
    rows = [(d.code, str(d)) for d in departements]
    return _table(
        area,
        "departements",
        _("People accompanied by département"),
        "accompanied",
        _("Département"),
        rows,
        [("accompanied", _("People accompanied"))],
        sums,
    )


def _unmet_table(area, figures) -> Table:
    """Unmet demand by département (rows) and activity (columns), where any is left."""
    raw = _sum(figures.filter(key="unmet_demand"), "category")
    sums, departements, activities = {}, set(), set()
    for (category,), value in raw.items():
        departement, _sep, activity = category.partition("|")
        sums[departement, activity] = value
        departements.add(departement)
        activities.add(activity)
    names = dict(Departement.objects.filter(code__in=departements).values_list("code", "name"))
    labels = dict(Activity.objects.filter(code__in=activities).values_list("code", "name"))
    return _table(
        area,
        "unmet_demand",
        _("Unmet demand (hours)"),
        "unmet_demand",
        _("Département"),
        [(d, f"{names.get(d, d)} ({d})") for d in sorted(departements)],
        [(a, labels.get(a, a)) for a in sorted(activities)],
        sums,
    )


def evolution(*, area: Area, actor=None) -> dict[int, dict]:
    """Year by year: people accompanied and the exit rates (for the line chart)."""
    figures = area.figures(actor).filter(period="Y", key__in=["accompanied", "counted_exits"])
    by_year: dict[int, dict] = defaultdict(dict)
    for (year, key, category), value in _sum(figures, "year", "key", "category").items():
        by_year[year][key, category] = value
    result = {}
    for year in sorted(by_year):
        sums = by_year[year]
        accompanied = sums.get(("accompanied", ""), (Decimal(0), 0))
        _counted, dynamic, durable = exit_rates(sums, area)
        shown = None if area.protected and 0 < accompanied[1] < THRESHOLD else accompanied[0]
        result[year] = {"accompanied": shown, "dynamic_rate": dynamic, "durable_rate": durable}
    return result


def published_years() -> list[int]:
    return list(Publication.objects.values_list("year", flat=True))


def available_years(area: Area, actor=None) -> list[int]:
    """From the latest year with figures to the first (two index lookups: a DISTINCT over
    millions of aggregate rows took most of the network page's time at the sector's scale)."""
    bounds = area.figures(actor).aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))
