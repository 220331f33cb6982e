"""What a dashboard publishes, as `release.Spec`s: every table with its margins and the
headline figures, for an area (`where`: the structures it adds up). The same layout serves
a structure's own figures (evaluated as they are) and every protected view (protected as
one release)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.missions.models import ClientKind
from tremplin.network.models import Activity, Departement, StructureKind
from tremplin.people.models import ExitCategory
from tremplin.people.models.accompaniment import BarrierCategory

from .definitions import PATH_BANDS, PROFILE
from .layout_homecare import add_homecare
from .release import Spec

EXIT_CATEGORIES = [*ExitCategory.choices, ("unknown", gettext_lazy("Reason not given"))]
EXIT_CODES = [code for code, _label in EXIT_CATEGORIES]
DYNAMIC = [ExitCategory.DURABLE, ExitCategory.TRANSITION, ExitCategory.POSITIVE]
HOURS = (("hours", "time_entries"), ("hours", "contracts"))


@dataclass
class TableSpec:
    slug: str
    title: str
    key: str  # the indicator whose definition the table shows
    row_header: str
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: list[list[Spec]]
    row_totals: list[Spec | None]
    column_totals: list[Spec | None]
    total: Spec | None
    additive_rows: bool = True
    quantum: str | None = None  # rounding of the cells shown
    section: str = ""  # "homecare": the home-services section of the page

    def specs(self) -> list[Spec]:
        everything = [s for row in self.cells for s in row]
        everything += [*self.row_totals, *self.column_totals, self.total]
        return [s for s in everything if s is not None]


@dataclass
class Layout:
    tables: list[TableSpec] = field(default_factory=list)
    headlines: dict[str, Spec] = field(default_factory=dict)
    path_buckets: list[str] = field(default_factory=list)
    # Values the page does not show but could be worked out from those it shows (the
    # exits not counted: recorded minus counted), protected with them as published.
    unshown: list[Spec] = field(default_factory=list)

    def specs(self) -> list[Spec]:
        return [
            *(s for t in self.tables for s in t.specs()),
            *self.headlines.values(),
            *self.unshown,
        ]


def _union(specs) -> tuple:
    return tuple(dict.fromkeys(p for spec in specs for p in spec.source))


def _grid(where, rows, columns, source):
    """Cells, row totals, column totals and total of rows × columns: `rows`/`columns` are
    (code, label, where-clause, part of the source); a total adds its cells' figures."""
    cells = [
        [Spec(where + rw + cw, source(rs, cs)) for _c, _l, cw, cs in columns]
        for _r, _l2, rw, rs in rows
    ]
    if len(columns) == 1:
        row_totals = [row[0] for row in cells]
    else:
        row_totals = [
            Spec(where + rw, _union(row), margin=True)
            for (_r, _l, rw, _rs), row in zip(rows, cells, strict=True)
        ]
    if len(rows) == 1:
        column_totals = list(cells[0])
    else:
        column_totals = [
            Spec(where, _union(row[c] for row in cells), margin=True) for c in range(len(columns))
        ]
    total = Spec(where, _union(s for row in cells for s in row), margin=True)
    if len(rows) == 1 and len(columns) == 1:
        total = cells[0][0]
    return cells, row_totals, column_totals, total


def layout(area, data) -> Layout:
    """The tables and headlines of `area` (selectors.Area) over `data` (release.Data)."""
    where = area.where
    result = Layout()
    counted = tuple(("counted_exits", c) for c in EXIT_CODES)
    result.path_buckets = data.categories("path_length")
    paths = tuple(("path_length", b) for b in result.path_buckets)
    kinds = StructureKind.values
    result.headlines = {
        "accompanied": Spec(where, (("accompanied", ""),), margin=True),
        "entries": Spec(where, (("entries", ""),), margin=True),
        "recorded": Spec(where, tuple(("exits", c) for c in EXIT_CODES), margin=True),
        "counted": Spec(where, counted, margin=True),
        "dynamic": Spec(where, tuple(("counted_exits", c) for c in DYNAMIC), margin=True),
        "durable": Spec(where, (("counted_exits", ExitCategory.DURABLE),), margin=True),
        "denominator": Spec(
            where, tuple(p for p in counted if p[1] != ExitCategory.WITHDRAWN), margin=True
        ),
        "paths": Spec(where, paths, margin=True),
        "hours": Spec(where, HOURS, margin=True),
        "etp": Spec(where, tuple(("etp", k) for k in kinds), margin=True),
        "aide_poste": Spec(where, tuple(("aide_poste", k) for k in kinds), margin=True),
    }
    for name in PROFILE:
        result.headlines[f"profile:{name}"] = Spec(where, (("profile", name),))
    dimension, header, row_list = _dimension(area)
    rows = [(code, label, ((dimension, code),), None) for code, label in row_list]

    def single(key, category=""):
        return lambda _r, _c: ((key, category),)

    one = [("accompanied", _("People accompanied"), (), None)]
    cells, rt, ct, total = _grid(where, rows, one, single("accompanied"))
    result.tables.append(
        TableSpec(
            "accompanied",
            _("People accompanied"),
            "accompanied",
            header,
            row_list,
            [c[:2] for c in one],
            cells,
            rt,
            ct,
            result.headlines["accompanied"] if rows else total,
        )
    )
    if area.kind != "structure":
        kind_rows = [(k, label, (("kind", k),), None) for k, label in StructureKind.choices]
        cells, rt, ct, total = _grid(where, kind_rows, one, single("accompanied"))
        result.tables.append(
            TableSpec(
                "kinds",
                _("People accompanied by kind of structure"),
                "accompanied",
                _("Kind"),
                list(StructureKind.choices),
                [c[:2] for c in one],
                cells,
                rt,
                ct,
                total,
            )
        )
    columns = [(c, label, (), c) for c, label in EXIT_CATEGORIES]
    for slug, title in (
        ("exits", _("Recorded exits by ASP category")),
        ("counted_exits", _("Counted exits by ASP category")),
    ):
        cells, rt, ct, total = _grid(where, rows, columns, lambda _r, c, k=slug: ((k, c),))
        result.tables.append(
            TableSpec(
                slug,
                title,
                slug,
                header,
                row_list,
                [c[:2] for c in columns],
                cells,
                rt,
                ct,
                total,
            )
        )
    cells, rt, ct, total = _grid(where, rows, columns, lambda _r, c: (("uncounted_exits", c),))
    unshown = TableSpec("", "", "", "", [], [], cells, rt, ct, total)
    result.unshown = unshown.specs()
    profile = [(name, label, (), name) for name, label in PROFILE.items()]
    area_row = [("", str(area.label), (), None)]
    cells, _rt, ct, _t = _grid(where, area_row, profile, lambda _r, c: (("profile", c),))
    result.tables.append(
        TableSpec(
            "profile",
            _("Profile of the people accompanied"),
            "profile",
            "",
            [("", str(area.label))],
            [c[:2] for c in profile],
            cells,
            [None],  # profiles overlap: the row total means nothing
            ct,
            result.headlines["accompanied"],
            additive_rows=False,
        )
    )
    for key, title, choices in (
        ("barriers_identified", _("Barriers identified"), BarrierCategory.choices),
        ("barriers_lifted", _("Barriers lifted"), BarrierCategory.choices),
        ("mission_hours", _("Mission hours by kind of client"), ClientKind.choices),
    ):
        columns = [(c, label, (), c) for c, label in choices]
        cells, rt, ct, total = _grid(where, area_row, columns, lambda _r, c, key=key: ((key, c),))
        result.tables.append(
            TableSpec(
                key,
                title,
                "barriers" if key.startswith("barriers") else key,
                "",
                [("", str(area.label))],
                [c[:2] for c in columns],
                cells,
                rt,
                ct,
                total,
            )
        )
    bands = [
        (code, label, (), tuple(b for b in result.path_buckets if int(b) in months))
        for code, label, months in PATH_BANDS
    ]
    exits = [("exits", _("Exits"), (), None)]
    cells, rt, ct, _total = _grid(
        where, bands, exits, lambda r, _c: tuple(("path_length", b) for b in r)
    )
    result.tables.append(
        TableSpec(
            "path_length",
            _("Path length at exit"),
            "path_length",
            _("Months worked"),
            [b[:2] for b in bands],
            [e[:2] for e in exits],
            cells,
            rt,
            [result.headlines["paths"]],
            result.headlines["paths"],
        )
    )
    etp_rows = [(k, k, (("kind", k),), k) for k in kinds]
    measures = [
        ("hours", _("Hours"), (), "hours"),
        ("etp", _("ETP"), (), "etp"),
        ("aide_poste", _("Aide au poste (€)"), (), "aide_poste"),
    ]

    def measure(kind, name):
        if name == "hours":
            return HOURS
        return tuple((name, k) for k in ([kind] if kind else kinds))

    cells = [[Spec(where + rw, measure(k, m[3])) for m in measures] for k, _l, rw, _s in etp_rows]
    result.tables.append(
        TableSpec(
            "etp",
            _("Hours, ETP and aide au poste by ASP mesure"),
            "etp",
            _("Mesure"),
            [(k, k) for k in kinds],
            [m[:2] for m in measures],
            cells,
            [None] * len(kinds),
            [result.headlines["hours"], result.headlines["etp"], result.headlines["aide_poste"]],
            None,
            additive_rows=False,
            quantum="0.01",
        )
    )
    departements = Departement.objects.order_by("code")
    if area.kind == "delegation":
        departements = departements.filter(region__delegations=area.delegation)
    elif area.kind == "structure":
        departements = departements.filter(code=area.structure.commune.departement_id)
    map_rows = [(d.code, str(d), (("departement", d.code),), None) for d in departements]
    cells, rt, ct, _total = _grid(where, map_rows, one, single("accompanied"))
    result.tables.append(
        TableSpec(
            "departements",
            _("People accompanied by département"),
            "accompanied",
            _("Département"),
            [r[:2] for r in map_rows],
            [c[:2] for c in one],
            cells,
            rt,
            [result.headlines["accompanied"]],
            result.headlines["accompanied"],
        )
    )
    result.tables.append(_unmet(where, data))
    add_homecare(result, where, data, header, [r[:3] for r in rows])
    return result


def _dimension(area):
    """Rows of the main tables: régions for the network, départements for a delegation,
    kinds for a structure (one row)."""
    from tremplin.network.models import Region

    if area.kind == "network":
        return "region", _("Région"), [(r.code, r.name) for r in Region.objects.order_by("name")]
    if area.kind == "delegation":
        departements = Departement.objects.filter(region__delegations=area.delegation)
        return (
            "departement",
            _("Département"),
            [(d.code, str(d)) for d in departements.order_by("code")],
        )
    return "kind", _("Kind"), [(area.structure.kind, area.structure.get_kind_display())]


def _unmet(where, data) -> TableSpec:
    """Unmet demand by département of the mission (rows) and activity (columns)."""
    categories = data.categories("unmet_demand")
    pairs = [c.partition("|") for c in categories]
    departements = sorted({d for d, _s, _a in pairs})
    activities = sorted({a for _d, _s, a in pairs})
    names = dict(Departement.objects.filter(code__in=departements).values_list("code", "name"))
    labels = dict(Activity.objects.filter(code__in=activities).values_list("code", "name"))
    rows = [(d, f"{names.get(d, d)} ({d})", (), d) for d in departements]
    columns = [(a, labels.get(a, a), (), a) for a in activities]

    def source(d, a):
        return tuple(
            ("unmet_demand", c)
            for c, (cd, _s, ca) in zip(categories, pairs, strict=True)
            if (d is None or cd == d) and (a is None or ca == a)
        )

    if rows and columns:
        cells, rt, ct, total = _grid(where, rows, columns, source)
    else:
        cells, rt, ct, total = [], [], [], None
    return TableSpec(
        "unmet_demand",
        _("Unmet demand (hours)"),
        "unmet_demand",
        _("Département"),
        [r[:2] for r in rows],
        [c[:2] for c in columns],
        cells,
        rt,
        ct,
        total,
    )
