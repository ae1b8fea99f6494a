from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventOrganiser, Session
from pare.admin import (
    IMAGE,
    PUBLICATION,
    OrderedInline,
    OrganisationLinkInline,
    PublicationFilter,
    PublishableAdmin,
)
from pare.communes import find_commune
from pare.models import Department, Status


class EventOrganiserInline(OrganisationLinkInline):
    model = EventOrganiser
    add_label = _("Ajouter un organisateur")


class SessionInline(OrderedInline):
    model = Session
    add_label = _("Ajouter une session")
    extra = 0
    fields = ("title", "first_day", "last_day", "start_time", "end_time", "position")


class EventAdminForm(forms.ModelForm):
    """Proposes the department of a city that is a known commune, and says when they disagree.

    A department is filled in only where it was empty and the commune's name is unique; the
    message after saving says so, and staff may change it.
    """

    def clean(self):
        cleaned = super().clean()
        self.place_notes = []
        if "department" not in self.fields:  # read-only here: nothing to propose
            return cleaned

        def value(name):  # what the event will hold, whether the form shows the field or not
            return cleaned.get(name) if name in self.fields else getattr(self.instance, name)

        city = (value("city") or "").strip()
        if not city or value("is_online") or value("abroad"):
            return cleaned
        found = find_commune(city)
        if found is None:
            return cleaned
        codes = found[1]
        by_code = Department.objects.in_bulk(codes)
        places = ", ".join(str(by_code[code]) for code in codes if code in by_code)
        department = cleaned.get("department")
        about = {"city": city, "departments": places, "department": department}
        if department is None and len(codes) == 1 and codes[0] in by_code:
            cleaned["department"] = by_code[codes[0]]
            self.place_notes.append(
                _("Département renseigné d'après la commune « %(city)s » : %(departments)s.")
                % about
            )
        elif department is None:
            hint = _(
                "Plusieurs communes s'appellent « %(city)s » : %(departments)s. Choisissez le "
                "département."
            )
            if value("status") != Status.DRAFT:
                self.add_error("department", hint % about)
            else:
                self.place_notes.append(hint % about)
        elif department.code not in codes:
            self.place_notes.append(
                _(
                    "« %(city)s » est une commune de : %(departments)s ; l'événement est placé "
                    "en %(department)s. Vérifiez le département."
                )
                % about
            )
        return cleaned


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = EventAdminForm
    add_title = _("Ajout d'un événement")
    list_display = ("title", "dates", "kind", "where", "publication", "preview")
    list_filter = (
        PublicationFilter,
        "kind",
        "department__region",
        "is_online",
        "is_free",
        "first_day",
    )
    list_select_related = ("department",)
    search_fields = ("title", "venue", "city", "department__name", "organisers__name")
    autocomplete_fields = ("department",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "first_day"
    ordering = ("-first_day", "title")
    inlines = (EventOrganiserInline, SessionInline)
    fieldsets = (
        (_("Contenu"), {"fields": ("title", "slug", "kind", "text")}),
        (_("Date et horaires"), {"fields": ("first_day", "last_day", "start_time", "end_time")}),
        (
            _("Lieu"),
            {
                "fields": (
                    "is_online",
                    "online_details",
                    "venue",
                    "address",
                    "city",
                    "department",
                    "abroad",
                )
            },
        ),
        (
            _("Inscription et bouton"),
            {
                "fields": (
                    "is_free",
                    "price",
                    "registration",
                    "registration_note",
                    "capacity",
                    "cta_label",
                    "cta_url",
                    "cta_email",
                )
            },
        ),
        IMAGE,
        PUBLICATION,
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for note in getattr(form, "place_notes", ()):
            self.message_user(request, note, messages.WARNING)

    @admin.display(description=_("dates"), ordering="first_day")
    def dates(self, obj):
        return obj.dates

    @admin.display(description=_("lieu"), ordering="city")
    def where(self, obj):
        if obj.is_online:
            return _("En ligne")
        return obj.city or (obj.department.name if obj.department else obj.abroad)
