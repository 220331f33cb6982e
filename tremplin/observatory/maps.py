"""The choropleth by département, drawn as SVG on the server from the outlines Tremplin
ships (network/static/network/departements.geojson): no tiles, no script, the same map on
the page and in the PDF report. Overseas départements are drawn as insets."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .numbers import fr_number

OUTLINES = (
    Path(settings.BASE_DIR) / "tremplin" / "network" / "static" / "network" / "departements.geojson"
)
WIDTH, HEIGHT = 520, 520
INSET = 70  # side of an overseas inset
# Sequential blues (ColorBrewer, colour-blind safe); hidden figures are hatched grey.
COLOURS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
HIDDEN, EMPTY = "url(#hidden)", "#f8f9fa"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    features = json.loads(OUTLINES.read_text())["features"]
    metro = [f for f in features if not f["properties"]["code"].startswith("97")]
    overseas = [f for f in features if f["properties"]["code"].startswith("97")]
    result = []
    box = _bounds(metro)
    scale = min((WIDTH - 20) / (box[2] - box[0]), (HEIGHT - 20) / (box[3] - box[1]))
    for feature in metro:
        result.append(_shape(feature, box, scale, 10 + INSET, 10))
    for index, feature in enumerate(sorted(overseas, key=lambda f: f["properties"]["code"])):
        inset = _bounds([feature])
        inset_scale = (INSET - 10) / max(inset[2] - inset[0], inset[3] - inset[1])
        result.append(_shape(feature, inset, inset_scale, 5, 10 + index * (INSET + 5)))
    return tuple(result)


def _rings(geometry):
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    for polygon in polygons:
        yield from polygon


def _xy(lon, lat):
    # Equirectangular around 46.5° N: good enough for a map of counts.
    return lon * math.cos(math.radians(46.5)), -lat


def _bounds(features):
    xs, ys = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            for lon, lat in ring:
                x, y = _xy(lon, lat)
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _shape(feature, box, scale, left, top) -> Shape:
    parts = []
    for ring in _rings(feature["geometry"]):
        points, last = [], None
        for lon, lat in ring:
            x, y = _xy(lon, lat)
            point = (left + (x - box[0]) * scale, top + (y - box[1]) * scale)
            # Points closer than a pixel to the previous one add bytes, not shape.
            if last is None or abs(point[0] - last[0]) + abs(point[1] - last[1]) >= 1.2:
                points.append(f"{point[0]:.1f},{point[1]:.1f}")
                last = point
        if len(points) >= 3:
            parts.append("M" + "L".join(points) + "Z")
    return Shape(feature["properties"]["code"], feature["properties"]["nom"], "".join(parts))


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    d: str
    fill: str
    label: str


def choropleth(
    values: dict[str, Decimal | None],
    shown: set[str] | None = None,
    reasons: dict[str, str | None] | None = None,
) -> dict:
    """`values`: département code → figure, None when hidden by disclosure control
    (`reasons`: why, in words). `shown`: the départements of the area (others drawn
    empty)."""
    known = sorted(v for v in values.values() if v)
    breaks = (
        [known[min(len(known) - 1, int(len(known) * q / 5))] for q in range(1, 5)] if known else []
    )
    areas = []
    for shape in shapes():
        value = values.get(shape.code, 0)
        if shown is not None and shape.code not in shown:
            fill, label = EMPTY, shape.name
        elif value is None:
            fill = HIDDEN
            why = (reasons or {}).get(shape.code) or _("hidden (statistical confidentiality)")
            label = f"{shape.name} : {why}"
        else:
            fill = COLOURS[sum(1 for b in breaks if value > b)] if value else EMPTY
            label = f"{shape.name} : {fr_number(value)}"
        areas.append(Area(shape.code, shape.name, shape.d, fill, label))
    return {
        "areas": areas,
        "legend": _legend(known, breaks, areas),
        "width": WIDTH + INSET + 10,
        "height": HEIGHT,
    }


def _legend(known, breaks, areas) -> list[dict]:
    """Every fill the map uses, once: each class as the lowest to the highest value it
    holds (classes never overlap), then nobody and hidden when some département is."""
    legend = []
    for index, colour in enumerate(COLOURS):
        held = [v for v in known if sum(1 for b in breaks if v > b) == index]
        if held:
            low, high = fr_number(held[0]), fr_number(held[-1])
            label = low if low == high else f"{low}–{high}"
            legend.append({"fill": colour, "label": label})
    fills = {a.fill for a in areas}
    if EMPTY in fills:
        legend.append({"fill": EMPTY, "label": _("nobody, or outside the area")})
    if HIDDEN in fills:
        legend.append({"fill": HIDDEN, "label": _("hidden (statistical confidentiality)")})
    return legend
