from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pare.admin import (
    CALL_TO_ACTION,
    IMAGE,
    PUBLICATION,
    OrganisationLinkInline,
    PublicationFilter,
    PublishableAdmin,
)
from resources.models import Resource, ResourceOrganisation


class ResourceOrganisationInline(OrganisationLinkInline):
    model = ResourceOrganisation


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    add_title = _("Ajout d'une ressource")
    list_display = ("title", "kind", "authors", "released_on", "publication", "preview")
    list_filter = (PublicationFilter, "kind", "released_on")
    search_fields = ("title", "authors", "publisher", "summary", "organisations__name")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "released_on"
    inlines = (ResourceOrganisationInline,)
    fieldsets = (
        (
            _("Contenu"),
            {
                "fields": (
                    "kind",
                    "title",
                    "slug",
                    "authors",
                    "publisher",
                    "released_on",
                    "text",
                    "summary",
                )
            },
        ),
        CALL_TO_ACTION,
        IMAGE,
        PUBLICATION,
    )
