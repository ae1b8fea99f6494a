#!/usr/bin/env python3
"""Write pare/data/communes.tsv from the INSEE list of communes.

The list is the one npm's @etalab/decoupage-administratif ships (package.json pins its version).

One line per commune name: the name, a tab, the INSEE codes of the departments that have a commune
of that name (most populous first). Run it again after upgrading the package (npm ci first).
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules/@etalab/decoupage-administratif/data/communes.json"
TARGET = ROOT / "pare/data/communes.tsv"


def derive(source=SOURCE):
    """The file's text: current communes only (not former, delegated or associated ones)."""
    populations = defaultdict(dict)
    for commune in json.loads(Path(source).read_text(encoding="utf-8")):
        if commune["type"] != "commune-actuelle":
            continue
        departments = populations[commune["nom"]]
        code = commune["departement"]
        departments[code] = departments.get(code, 0) + commune.get("population", 0)
    lines = []
    for name in sorted(populations):
        codes = sorted(populations[name], key=lambda code: (-populations[name][code], code))
        lines.append(f"{name}\t{','.join(codes)}\n")
    return "".join(lines)


if __name__ == "__main__":
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} manque : lancez d'abord npm ci.")
    TARGET.write_text(derive(), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)} écrit.")
