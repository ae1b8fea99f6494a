"""Filter fields every list shares: the region, through the department."""

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from pare.collation import fold
from pare.models import Department, Organisation, Region

ABROAD = "etranger"
NATIONAL = "national"


class DepartmentIterator(forms.models.ModelChoiceIterator):
    """Departments grouped by their region (optgroups), overseas collectivities last."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for department in self.queryset.select_related("region"):
            region = department.region.name if department.region else _("Collectivités d'outre-mer")
            groups.setdefault(str(region), []).append(self.choice(department))
        regions = sorted(groups, key=fold)
        for region in regions:
            yield (region, groups[region])


class DepartmentChoiceField(django_filters.fields.ModelChoiceField):
    iterator = DepartmentIterator


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


def contradiction(region, department):
    """A clear message when a department is not in the region also chosen, else None."""
    if region and department and department.region_id != region.pk:
        return _(
            "%(department)s n'est pas en région %(region)s : choisissez un département de cette "
            "région, ou « Toutes les régions »."
        ) % {"department": department.name, "region": region.name}
    return None


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
    return DepartmentFilter(
        label=_("Département"),
        queryset=Department.objects.all(),
        empty_label=_("Tous les départements"),
        **kwargs,
    )


class OrganisationFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        where, department = cleaned.get("where"), cleaned.get("departement")
        if department and where:
            region = Region.objects.filter(slug=where).first()
            if region is None:
                self.add_error("departement", _("Choisissez soit un lieu, soit un département."))
            elif message := contradiction(region, department):
                self.add_error("departement", message)
        return cleaned


class OrganisationFilter(django_filters.FilterSet):
    where = django_filters.ChoiceFilter(
        label=_("Où"),
        empty_label=_("Partout"),
        method="filter_where",
        choices=[],
    )
    departement = department_filter(field_name="department")

    class Meta:
        model = Organisation
        fields = []
        form = OrganisationFilterForm

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
