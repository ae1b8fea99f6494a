from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsletters.email_admin import IssueEmailAdminMixin  # also registers subscribers
from newsletters.forms import IssueItemFormSet
from newsletters.models import Issue, IssueEvent, IssueInitiative, IssueResource
from pare.admin import PUBLICATION, OrderedInline, PublicationFilter, PublishableAdmin


class IssueItemInline(OrderedInline):
    formset = IssueItemFormSet
    fields = ("entry", "position")
    autocomplete_fields = ("entry",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")


class IssueEventInline(IssueItemInline):
    model = IssueEvent
    verbose_name_plural = _("Agenda")


class IssueInitiativeInline(IssueItemInline):
    model = IssueInitiative
    verbose_name_plural = _("Actualités du réseau")


class IssueResourceInline(IssueItemInline):
    model = IssueResource
    verbose_name_plural = _("Ressources")


@admin.register(Issue)
class IssueAdmin(IssueEmailAdminMixin, PublishableAdmin):
    list_display = ("title", "year", "quarter", "publication", "preview")
    list_display_links = ("title",)
    list_filter = (PublicationFilter, "year")
    search_fields = ("year", "introduction")
    date_hierarchy = "publish_at"
    inlines = (IssueEventInline, IssueInitiativeInline, IssueResourceInline)
    fieldsets = (
        (_("Contenu"), {"fields": ("year", "quarter", "introduction")}),
        PUBLICATION,
    )

    @admin.display(description=_("numéro"), ordering="year")
    def title(self, obj):
        return obj.title

    def check_publication(self, obj):
        obj.clean_publication()
