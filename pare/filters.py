"""Filter fields every list shares: the region, through the department."""

from collections import OrderedDict

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pare.models import Department, Organisation, Region

ABROAD = "etranger"
NATIONAL = "national"


class ReferenceSelect(forms.Select):
    """A select over reference data that only migrations change (regions, departments).

    Rendering a hundred options through the form templates costs more than the rest of a page,
    so each rendering is kept, per selected value, in a small bounded memory.
    """

    renderings = OrderedDict()
    max_renderings = 512

    def render(self, name, value, attrs=None, renderer=None):
        model = getattr(getattr(self.choices, "queryset", None), "model", None)
        key = (str(model), name, str(value), tuple(sorted((attrs or {}).items())))
        html = self.renderings.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            self.renderings[key] = html
            while len(self.renderings) > self.max_renderings:
                self.renderings.popitem(last=False)
        return html


def region_filter(**kwargs):
    return django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes les régions"),
        widget=ReferenceSelect,
        **kwargs,
    )


def department_filter(**kwargs):
    return django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
        widget=ReferenceSelect,
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
