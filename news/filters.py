import django_filters
from django.utils.translation import gettext_lazy as _

from news.models import Initiative
from pare.filters import region_filter


class InitiativeFilter(django_filters.FilterSet):
    region = region_filter(
        method="filter_region",
        help_text=_("Les initiatives nationales s'affichent aussi."),
    )

    class Meta:
        model = Initiative
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value, with_national=True)
