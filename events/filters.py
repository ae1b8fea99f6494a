import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind
from pare.filters import department_filter, region_filter

UPCOMING = "a-venir"
PAST = "passes"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin précède la date de début."))
        return cleaned


class EventFilter(django_filters.FilterSet):
    """The agenda's filters; every one of them lives in the query string."""

    periode = django_filters.ChoiceFilter(
        label=_("Période"),
        choices=[(UPCOMING, _("À venir")), (PAST, _("Passés"))],
        empty_label=None,
        method="filter_period",
    )
    region = region_filter(field_name="department__region")
    departement = department_filter(field_name="department")
    du = django_filters.DateFilter(
        label=_("À partir du"), field_name="last_day", lookup_expr="gte", widget=DateInput()
    )
    au = django_filters.DateFilter(
        label=_("Jusqu'au"), field_name="first_day", lookup_expr="lte", widget=DateInput()
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="kind",
        choices=EventKind.choices,
        empty_label=_("Tous les types"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=[("en-ligne", _("En ligne")), ("sur-place", _("Sur place"))],
        empty_label=_("En ligne et sur place"),
        method="filter_format",
    )
    gratuit = django_filters.BooleanFilter(
        label=_("Gratuits seulement"),
        widget=forms.CheckboxInput,
        method="filter_free",
    )

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    @property
    def is_past(self):
        return (
            self.form.is_bound
            and self.form.is_valid()
            and self.form.cleaned_data.get("periode") == PAST
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.is_past:
            return queryset.past().order_by("-first_day", "-start_time", "title")
        return queryset.upcoming().order_by("first_day", "start_time", "title")

    def filter_period(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so that « à venir » is also the default

    def filter_format(self, queryset, name, value):
        return queryset.filter(is_online=(value == "en-ligne"))

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset
