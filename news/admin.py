from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from news.models import Initiative, InitiativeOrganisation
from pare.admin import (
    CALL_TO_ACTION,
    IMAGE,
    PUBLICATION,
    OrganisationLinkInline,
    PublicationFilter,
    PublishableAdmin,
)


class InitiativeOrganisationInline(OrganisationLinkInline):
    model = InitiativeOrganisation


@admin.register(Initiative)
class InitiativeAdmin(PublishableAdmin):
    add_title = _("Ajout d'une initiative")
    list_display = ("title", "area", "happened_on", "publication", "preview")
    list_filter = (PublicationFilter, "departments__region", "happened_on")
    search_fields = ("title", "text", "departments__name", "organisations__name")
    autocomplete_fields = ("departments",)
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "publish_at"
    inlines = (InitiativeOrganisationInline,)
    fieldsets = (
        (_("Contenu"), {"fields": ("title", "slug", "happened_on", "text")}),
        (
            _("Lieu"),
            {
                "fields": ("departments",),
                "description": _("Aucun département : l'initiative est nationale."),
            },
        ),
        (
            _("Contacts"),
            {"fields": ("phone", "email", "social_network", "social_account")},
        ),
        CALL_TO_ACTION,
        IMAGE,
        PUBLICATION,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departments")

    @admin.display(description=_("départements"))
    def area(self, obj):
        return obj.area or _("Nationale")
