"""The map of France's departments, drawn on the server as SVG from openly licensed outlines.

The outlines are generated from npm packages by scripts/build_france_map.py into
pare/data/france-map.json: mainland departments from MapSVG (CC BY 4.0), overseas departments,
shown as insets, from Natural Earth (public domain). Regions are outlined over them.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pare.collation import fold
from pare.geography import departments, regions

OUTLINES = Path(__file__).parent / "data" / "france-map.json"
LEVELS = 4  # shades for a department with at least one entry; 0 has a shade of its own
CREDITS = (
    {
        "name": _("Contours des départements de métropole : MapSVG"),
        "url": "https://mapsvg.com/maps/france-departments",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
        "changes": _("simplifiés, régions tracées par union des départements"),
    },
    {
        "name": _("Contours des départements d'outre-mer : Natural Earth"),
        "url": "https://www.naturalearthdata.com/",
        "licence": _("domaine public"),
        "licence_url": "https://www.naturalearthdata.com/about/terms-of-use/",
        "changes": _("projetés en encarts"),
    },
)


@functools.cache
def outlines():
    """The outlines, their paths marked safe: numbers and letters from our own file, which
    the template would otherwise escape, 110 kB of them, on every agenda page it draws."""
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    for group in ("departments", "regions"):
        data[group] = {code: mark_safe(path) for code, path in data[group].items()}
    return data


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    region_code: str
    region_name: str
    path: str
    count: int
    level: int
    url: str
    label: str
    is_current: bool
    inset: dict | None


def counts_by_department(queryset, field="department"):
    """{department code: number of rows}, in one query whatever the number of rows."""
    rows = queryset.order_by().values(field).annotate(count=Count("pk")).values_list(field, "count")
    return {code: count for code, count in rows if code}


def level(count, highest):
    return math.ceil(LEVELS * count / highest) if count else 0


def legend(highest):
    """The shades actually used, each with the range of figures it stands for."""
    entries = [{"level": 0, "low": 0, "high": 0}]
    for shade in range(1, LEVELS + 1):
        low = math.floor((shade - 1) * highest / LEVELS) + 1
        high = math.floor(shade * highest / LEVELS)
        if highest and low <= high:
            entries.append({"level": shade, "low": low, "high": high})
    return entries


def department_map(counts, url, label, current=""):
    """Everything the map template draws: one area per department, regions, legend, table.

    counts: {code: figure}; url(code) and label(name, count) give each area its link and its
    accessible name (« Gironde : 4 partenaires »); current: the department chosen, if any.
    """
    data = outlines()
    region_names = dict(regions())
    highest = max(counts.values(), default=0)
    areas = []
    for code, name, region_code in departments():
        path = data["departments"].get(code)
        if path is None:  # overseas collectivities: no outline, and no region
            continue
        count = counts.get(code, 0)
        areas.append(
            Area(
                code=code,
                name=name,
                region_code=region_code,
                region_name=region_names.get(region_code, ""),
                path=path,
                count=count,
                level=level(count, highest),
                url=url(code),
                label=label(name, count),
                is_current=code == current,
                inset=data["insets"].get(code),
            )
        )
    return {
        "view_box": data["view_box"],
        "areas": areas,
        "insets": [area for area in areas if area.inset],
        "regions": [{"code": code, "path": path} for code, path in data["regions"].items()],
        "legend": legend(highest),
        "rows": sorted(
            (area for area in areas if area.count),
            key=lambda area: (fold(area.region_name), fold(area.name)),
        ),
        "total": sum(area.count for area in areas),
        "credits": CREDITS,
    }
