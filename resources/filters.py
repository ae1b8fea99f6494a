import django_filters
from django.utils.translation import gettext_lazy as _

from resources.models import Resource, ResourceKind


class ResourceFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="kind",
        choices=ResourceKind.choices,
        empty_label=_("Tous les types"),
    )

    class Meta:
        model = Resource
        fields = []
