import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind
from pare.dates import long_date
from pare.filters import contradiction, department_filter, region_filter

UPCOMING = "a-venir"
PAST = "passes"

FORMATS = {"en-ligne": _("En ligne"), "sur-place": _("Sur place")}
KIND_PLURALS = {
    EventKind.WEBINAR: _("webinaires"),
    EventKind.TRAINING: _("formations"),
    EventKind.SYMPOSIUM: _("colloques"),
    EventKind.CONFERENCE: _("conférences"),
    EventKind.ROUND_TABLE: _("tables rondes"),
    EventKind.SCREENING: _("projections-débats"),
    EventKind.MOCK_TRIAL: _("procès fictifs"),
    EventKind.PRESENTATION: _("présentations publiques"),
    EventKind.OTHER: _("autres rencontres"),
}


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
        if message := contradiction(cleaned.get("region"), cleaned.get("departement")):
            self.add_error("departement", message)
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
        choices=list(FORMATS.items()),
        empty_label=_("Tous les formats"),
        method="filter_format",
    )
    gratuit = django_filters.BooleanFilter(
        label=_("Gratuits seulement"),
        widget=forms.CheckboxInput,
        method="filter_free",
    )
    places = django_filters.BooleanFilter(
        label=_("Places disponibles"),
        widget=forms.CheckboxInput,
        method="filter_places",
        help_text=_("Sans les événements complets ni ceux dont les inscriptions sont closes."),
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
        return self.not_over(queryset).order_by("first_day", "start_time", "title")

    def not_over(self, queryset):
        """The default period, « à venir »."""
        return queryset.upcoming()

    def describe(self):
        """The filters in force, in words: « Auvergne-Rhône-Alpes, formations »."""
        if not self.is_bound or not self.form.is_valid():
            return []
        data = self.form.cleaned_data
        parts = [
            data.get("region") and data["region"].name,
            data.get("departement") and data["departement"].name,
            data.get("type") and KIND_PLURALS[data["type"]],
            data.get("format") and str(FORMATS[data["format"]]).lower(),
            data.get("gratuit") and _("gratuits"),
            data.get("places") and _("places disponibles"),
            data.get("du") and _("à partir du %(day)s") % {"day": long_date(data["du"])},
            data.get("au") and _("jusqu'au %(day)s") % {"day": long_date(data["au"])},
            self.is_past and _("événements passés"),
        ]
        return [str(part) for part in parts if part]

    def filter_period(self, queryset, name, value):
        return queryset  # applied in filter_queryset, so that « à venir » is also the default

    def filter_format(self, queryset, name, value):
        return queryset.filter(is_online=(value == "en-ligne"))

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True) if value else queryset

    def filter_places(self, queryset, name, value):
        return queryset.with_places() if value else queryset
