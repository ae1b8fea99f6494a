"""Filter fields every list shares: the region, through the department."""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from pare.models import Department, Organisation, Region

ABROAD = "etranger"
NATIONAL = "national"


def form_query(form, data):
    """data's query string with only the form's own fields, to carry a filter into a link.

    Whatever else the address carried (utm_source…) is dropped: the page depends only on what
    its form reads, so the page cache can share it between those addresses (pare/cache.py).
    """
    kept = QueryDict(mutable=True)
    for name in form.fields:
        if name in data:
            kept.setlist(name, data.getlist(name))
    return kept.urlencode()


def region_filter(**kwargs):
    return django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les régions"),
        **kwargs,
    )


def department_filter(**kwargs):
    return django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
        **kwargs,
    )


class OrganisationFilter(django_filters.FilterSet):
    where = django_filters.ChoiceFilter(
        label=_("Où"),
        empty_label=_("Partout"),
        method="filter_where",
        choices=[],
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["where"].extra["choices"] = [
            (_("Régions"), [(region.slug, region.name) for region in Region.objects.all()]),
            (NATIONAL, _("Organisations nationales")),
            (ABROAD, _("À l'étranger")),
        ]

    def filter_where(self, queryset, name, value):
        if value == ABROAD:
            return queryset.exclude(abroad="")
        if value == NATIONAL:
            return queryset.filter(department__isnull=True, abroad="")
        return queryset.filter(Q(department__region__slug=value))
