"""The home-services (SAP) part of a dashboard, as `release.Spec`s: its headlines, the
table by région (network), département (delegation) or kind (structure), and the hours by
activity. Shown only where structures have home services. The parts a reader could work
out without seeing them (households served not under the advance, intervenants not in a
path: a total minus its part) are released as unshown values, protected with the others."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tremplin.homecare.activities import BY_CODE

from .compute_homecare import OFF_CATALOGUE
from .release import Spec

SECTION = "homecare"
KEYS = ("sap_households", "sap_intervenants", "sap_hours")
HOUSEHOLDS = (("sap_households", "advance"), ("sap_households", "other"))
INTERVENANTS = (("sap_intervenants", "insertion"), ("sap_intervenants", "other"))
ADVANCE = (("sap_households", "advance"),)
INSERTION = (("sap_intervenants", "insertion"),)


def activity_label(code: str) -> str:
    if code == OFF_CATALOGUE or code not in BY_CODE:
        return _("Activities outside the catalogue")
    return str(BY_CODE[code].label)


def has_homecare(data) -> bool:
    return any(key in KEYS for key, _c in data.rows)


def add_homecare(result, where, data, header, rows) -> None:
    """Adds to `result` (layout.Layout) the SAP headlines, tables and unshown parts of the
    area `where`; `header`, `rows`: the dashboard's row header and (code, label,
    where-clause) rows."""
    from .layout import TableSpec, _grid

    if not has_homecare(data):
        return
    activities = data.categories("sap_hours")
    # In the catalogue's order (the Code du travail's), the activities outside it last.
    activities.sort(key=lambda c: (c not in BY_CODE, list(BY_CODE).index(c) if c in BY_CODE else 0))
    hours = tuple(("sap_hours", c) for c in activities)
    headlines = {
        "sap_households": Spec(where, HOUSEHOLDS, margin=True),
        "sap_advance": Spec(where, ADVANCE, margin=True),
        "sap_intervenants": Spec(where, INTERVENANTS, margin=True),
        "sap_insertion": Spec(where, INSERTION, margin=True),
        "sap_hours": Spec(where, hours, margin=True),
    }
    result.headlines.update(headlines)
    columns = [
        (_("Households served"), HOUSEHOLDS, "sap_households"),
        (_("of which under the immediate advance"), ADVANCE, "sap_advance"),
        (_("Intervenants"), INTERVENANTS, "sap_intervenants"),
        (_("of which in an insertion path"), INSERTION, "sap_insertion"),
        (_("Hours"), hours, "sap_hours"),
    ]
    cells = [[Spec(where + rw, source) for _l, source, _n in columns] for _c, _l, rw in rows]
    result.tables.append(
        TableSpec(
            "sap",
            _("Home services"),
            "sap",
            header,
            [(code, label) for code, label, _w in rows],
            [(name, label) for label, _s, name in columns],
            cells,
            [None] * len(rows),
            [headlines[name] for _l, _s, name in columns],
            None,
            additive_rows=False,
            quantum="0.01",
            section=SECTION,
        )
    )
    # What each row's total minus its part gives: protected as if published.
    result.unshown += [
        Spec(where + rw, ((key, "other"),))
        for _c, _l, rw in [*rows, ("", "", ())]
        for key in ("sap_households", "sap_intervenants")
    ]
    activity_rows = [(c, activity_label(c), (), (c,)) for c in activities]
    one = [("sap_hours", _("Hours"), (), None)]
    cells, rt, _ct, _t = _grid(where, activity_rows, one, lambda r, _c: (("sap_hours", r[0]),))
    result.tables.append(
        TableSpec(
            "sap_hours",
            _("Hours of home services by activity"),
            "sap_hours",
            _("Activity"),
            [r[:2] for r in activity_rows],
            [c[:2] for c in one],
            cells,
            rt,
            [headlines["sap_hours"]],
            headlines["sap_hours"],
            quantum="0.01",
            section=SECTION,
        )
    )
