"""The communes of France and their departments, from the INSEE list (scripts/derive_communes.py).

The newsletter importer reads them to place an event; the event admin, to propose a department.
"""

import functools
import re
from pathlib import Path

from pare.collation import fold

COMMUNES = Path(__file__).resolve().parent / "data" / "communes.tsv"


@functools.cache
def communes():
    """place_key(name) → (official name, department codes, most populous first)."""
    table = {}
    for row in COMMUNES.read_text(encoding="utf-8").splitlines():
        name, codes = row.split("\t")
        table[place_key(name)] = (name, codes.split(","))
    return table


def place_key(name):
    """« St-Étienne », « saint etienne » → one key: case, accents, hyphens and « St » aside."""
    key = re.sub(r"[-'\s]+", " ", fold(name)).strip()
    return re.sub(r"\bst(e?)\b", r"saint\1", key)


def find_commune(name):
    return communes().get(place_key(name))
