from django.contrib import admin
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


class EventOrganiserInline(OrganisationLinkInline):
    model = EventOrganiser
    add_label = _("Ajouter un organisateur")


class SessionInline(OrderedInline):
    model = Session
    add_label = _("Ajouter une session")
    extra = 0
    fields = ("title", "first_day", "last_day", "start_time", "end_time", "position")


@admin.register(Event)
class EventAdmin(PublishableAdmin):
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

    @admin.display(description=_("dates"), ordering="first_day")
    def dates(self, obj):
        return obj.dates

    @admin.display(description=_("lieu"), ordering="city")
    def where(self, obj):
        if obj.is_online:
            return _("En ligne")
        return obj.city or (obj.department.name if obj.department else obj.abroad)
