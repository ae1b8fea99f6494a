"""The communes the importer and the event admin know, derived from the INSEE list on npm."""

import importlib.util
from pathlib import Path

import pytest

from pare.communes import COMMUNES, find_commune

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "derive_communes.py"
spec = importlib.util.spec_from_file_location("derive_communes", SCRIPT)
derive_communes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(derive_communes)


@pytest.mark.skipif(
    not derive_communes.SOURCE.exists(), reason="npm ci n'a pas installé la liste des communes"
)
def test_the_derived_file_is_what_the_script_makes_of_the_installed_package():
    assert COMMUNES.read_text(encoding="utf-8") == derive_communes.derive()


@pytest.mark.parametrize(
    ("written", "name", "departments"),
    [
        ("Mulhouse", "Mulhouse", ["68"]),
        ("le mans", "Le Mans", ["72"]),
        ("Clichy", "Clichy", ["92"]),
        ("Cayenne", "Cayenne", ["973"]),
        ("St-Étienne", "Saint-Étienne", ["42"]),
        ("Fort de France", "Fort-de-France", ["972"]),
    ],
)
def test_a_commune_is_found_whatever_the_case_accents_and_hyphens(written, name, departments):
    assert find_commune(written) == (name, departments)


def test_a_name_several_communes_share_gives_every_department_most_populous_first():
    name, departments = find_commune("Saint-Denis")
    assert departments[:2] == ["974", "93"] and len(departments) > 2


def test_a_place_that_is_no_commune_is_not_found():
    assert find_commune("Teams") is None
