import pytest

from pare.models import Department, Region


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("city", "code", "region"),
    [
        ("Mulhouse", "68", "Grand Est"),
        ("Gap", "05", "Provence-Alpes-Côte d'Azur"),
        ("Clichy", "92", "Île-de-France"),
        ("Cayenne", "973", "Guyane"),
        ("Lyon", "69", "Auvergne-Rhône-Alpes"),
        ("Mamoudzou", "976", "Mayotte"),
        ("Ajaccio", "2A", "Corse"),
    ],
)
def test_each_department_is_in_its_current_region(city, code, region):
    assert Department.objects.get(code=code).region.name == region


@pytest.mark.django_db
def test_all_regions_and_departments_are_loaded():
    assert Region.objects.count() == 18
    assert Department.objects.filter(code="976").exists()
    without_region = Department.objects.filter(region__isnull=True).values_list("code", flat=True)
    assert set(without_region) >= {"975", "977", "978", "986", "987", "988"}
