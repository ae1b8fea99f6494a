"""The back office: what every app's admin shares, and the geography, partners and site profile."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from pare.accounts import is_publisher
from pare.models import Department, Organisation, Page, Region, Reviewed, SiteProfile, Status

IMAGE = (_("Image"), {"fields": ("image", "image_alt")})
CALL_TO_ACTION = (_("Bouton"), {"fields": ("cta_label", "cta_url", "cta_email")})
PUBLICATION = (_("Publication"), {"fields": ("status", "publish_at", "preview", "updated_at")})
REVIEW = (_("À vérifier avant publication"), {"fields": ("review_notes",)})


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Brouillon")),
            ("scheduled", _("Programmé")),
            ("public", _("En ligne")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, publish_at__gt=now)
        if self.value() == "public":
            return queryset.published()
        return queryset


class HistoryAdmin(SimpleHistoryAdmin):
    """Restoring an old version needs the right to change the object as it is now."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None or not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReviewFilter(admin.SimpleListFilter):
    title = _("à vérifier")
    parameter_name = "a_verifier"

    def lookups(self, request, model_admin):
        return [("oui", _("Points à vérifier")), ("non", _("Rien à vérifier"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.exclude(review_notes="")
        if self.value() == "non":
            return queryset.filter(review_notes="")
        return queryset


SLUG_HELP_TEXT = _(
    "La fin de l'adresse de la page, rempli tout seul à partir du titre : lettres sans accents, "
    "chiffres et tirets. Le changer après publication casse les liens déjà partagés."
)


class LabelledInlineAdminFormSet(helpers.InlineAdminFormSet):
    """Rows whose button says what it adds, from the inline's add_label.

    « Ajouter un organisateur », where Django writes « Ajouter un objet Organisateur
    supplémentaire ».
    """

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        if label := getattr(self.opts, "add_label", None):
            data["options"]["addText"] = str(label)
        return json.dumps(data)


class PublishableAdmin(HistoryAdmin):
    """Drafts for everyone on staff; publishing, and touching what is published, for publishers.

    Without the model's publish_<model> permission, « statut » and « date de publication » are
    read-only (a forged POST cannot change them) and published or scheduled objects can only be
    viewed. Every change is kept (« Historique ») and an earlier version can be restored, with
    the same rights as editing the entry as it is now.
    """

    actions = ("publish", "unpublish")
    list_filter = (PublicationFilter,)
    readonly_fields = ("preview", "updated_at")
    add_title = None  # « Ajout d'une organisation partenaire », rather than Django's « Ajout de … »

    def add_view(self, request, form_url="", extra_context=None):
        if self.add_title:
            extra_context = {"title": self.add_title, **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "slug":
            kwargs["help_text"] = SLUG_HELP_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj
        )
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.__class__ = LabelledInlineAdminFormSet
        return inline_admin_formsets

    @property
    def is_reviewed(self):
        return issubclass(self.model, Reviewed)

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if self.is_reviewed and "publication" in fields:
            at = fields.index("publication")
            fields = (*fields[:at], "review", *fields[at:])
        return fields

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return (*filters, ReviewFilter) if self.is_reviewed else filters

    def get_fieldsets(self, request, obj=None):
        """Points left to check come first, while there are any."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.is_reviewed and obj is not None and obj.review_notes:
            return (REVIEW, *fieldsets)
        return fieldsets

    @admin.display(description=_("à vérifier"))
    def review(self, obj):
        return len(obj.review_note_list) or "—"

    def has_publish_permission(self, request, obj=None):
        codename = get_permission_codename("publish", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def is_out_of_reach(self, request, obj):
        """Published or scheduled, and this user may not publish: view only."""
        return (
            obj is not None
            and obj.status == Status.PUBLISHED
            and not self.has_publish_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return not self.is_out_of_reach(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not self.is_out_of_reach(request, obj) and super().has_delete_permission(
            request, obj
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request, obj):
            fields = (*fields, "status", "publish_at")
        return fields

    def save_model(self, request, obj, form, change):
        if change and not self.has_publish_permission(request, obj):
            # Restoring a version must not publish or unpublish for someone who may not.
            stored = self.model.objects.filter(pk=obj.pk).values("status", "publish_at").first()
            if stored:
                obj.status, obj.publish_at = stored["status"], stored["publish_at"]
        super().save_model(request, obj, form, change)

    @admin.display(description=_("publication"), ordering="publish_at")
    def publication(self, obj):
        return obj.publication_label

    @admin.display(description=_("aperçu"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Enregistrez d'abord : l'aperçu sera ensuite disponible.")
        label = _("Voir sur le site") if obj.is_public else _("Prévisualiser")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def check_publication(self, obj):
        """Raise ValidationError if obj, about to be published, must not go out."""
        clean_publication = getattr(obj, "clean_publication", None)
        if clean_publication is not None:
            clean_publication()
        if isinstance(obj, Reviewed):
            obj.clean_review()

    @admin.action(permissions=["publish"], description=_("Publier maintenant"))
    def publish(self, request, queryset):
        now = timezone.now()
        published = already = 0
        for obj in queryset:
            if obj.is_public:
                already += 1
                continue
            obj.status, obj.publish_at = Status.PUBLISHED, now
            try:
                self.check_publication(obj)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("« %(object)s » : publication refusée. %(reason)s")
                    % {"object": obj, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            obj.save()
            self.log_change(request, obj, _("Publié depuis la liste."))
            published += 1
        self.report(request, published, _("Mise en ligne : %(count)d %(items)s."), messages.SUCCESS)
        self.report(
            request, already, _("Déjà en ligne, rien à faire : %(count)d %(items)s."), messages.INFO
        )

    @admin.action(permissions=["publish"], description=_("Repasser en brouillon"))
    def unpublish(self, request, queryset):
        drafted = already = 0
        for obj in queryset:
            if obj.status == Status.DRAFT:
                already += 1
                continue
            obj.status = Status.DRAFT
            obj.save()
            self.log_change(request, obj, _("Repassé en brouillon depuis la liste."))
            drafted += 1
        self.report(
            request, drafted, _("Retour en brouillon : %(count)d %(items)s."), messages.SUCCESS
        )
        self.report(
            request,
            already,
            _("Déjà en brouillon, rien à faire : %(count)d %(items)s."),
            messages.INFO,
        )

    def report(self, request, count, message, level):
        """Tell how many objects an action changed or left alone; say nothing of none."""
        if count:
            self.message_user(
                request,
                message % {"count": count, "items": model_ngettext(self.opts, count)},
                level,
            )


class PositionInput(forms.NumberInput):
    """The « ordre » number, to which static/admin/js/reorder.js adds « Monter » / « Descendre »."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "min": 0,
                "class": "vIntegerField",
                "data-reorder": True,
                "data-up-text": _("Monter"),
                "data-down-text": _("Descendre"),
                "data-up-label": _("Monter la ligne %(n)s"),
                "data-down-label": _("Descendre la ligne %(n)s"),
                **(attrs or {}),
            }
        )


class OrderedInline(admin.TabularInline):
    """Rows staff put in order with buttons; without JavaScript, the « ordre » number is typed."""

    extra = 1
    add_label = None  # « Ajouter un organisateur »: see LabelledInlineAdminFormSet

    class Media:
        js = ("admin/js/reorder.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = PositionInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PublicationFormSet(BaseInlineFormSet):
    """Rows refused if the object as saved would go out showing what is not public.

    self.instance has the status and publication date of the form being saved; its
    clean_publication() is given the rows' checked_field values, deleted rows left out.
    """

    checked_field = ""

    def clean(self):
        super().clean()
        chosen = [
            form.cleaned_data[self.checked_field]
            for form in self.forms
            if form.cleaned_data.get(self.checked_field) and not form.cleaned_data.get("DELETE")
        ]
        self.instance.clean_publication(chosen)


class OrganisationLinkFormSet(PublicationFormSet):
    checked_field = "organisation"


class OrganisationLinkInline(OrderedInline):
    formset = OrganisationLinkFormSet
    add_label = _("Ajouter une organisation")
    fields = ("organisation", "position")
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read by staff, never added, edited or deleted here: reference data, records of work done."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "region")
    list_filter = ("region",)
    list_select_related = ("region",)
    search_fields = ("name", "code")


class WhereFilter(admin.SimpleListFilter):
    title = _("implantation")
    parameter_name = "implantation"

    def lookups(self, request, model_admin):
        return [
            ("france", _("Dans un département")),
            ("abroad", _("À l'étranger")),
            ("national", _("Nationale")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "france":
            return queryset.filter(department__isnull=False)
        if self.value() == "abroad":
            return queryset.exclude(abroad="")
        if self.value() == "national":
            return queryset.filter(Q(department__isnull=True) & Q(abroad=""))
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(PublishableAdmin):
    add_title = _("Ajout d'une organisation partenaire")
    list_display = ("name", "acronym", "where", "publication", "preview")
    list_filter = (PublicationFilter, WhereFilter, "department__region")
    list_select_related = ("department__region",)
    search_fields = ("name", "acronym", "abroad", "department__name")
    autocomplete_fields = ("department",)
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (_("Contenu"), {"fields": ("name", "acronym", "slug", "description", "website")}),
        (_("Lieu"), {"fields": ("department", "abroad", "address", "is_address_confidential")}),
        (_("Contact"), {"fields": ("email", "phone")}),
        IMAGE,
        PUBLICATION,
    )

    @admin.display(description=_("implantation"), ordering="department__name")
    def where(self, obj):
        return obj.place or _("Nationale")


@admin.register(SiteProfile)
class SiteProfileAdmin(HistoryAdmin):
    """One profile for the whole site (pk=1): no list, no deletion.

    Every public page shows it: like published content, only those who may publish change it.
    """

    fieldsets = (
        (_("Le site"), {"fields": ("site_name", "tagline", "logo")}),
        (
            _("Organisation éditrice"),
            {"fields": ("publisher_name", "publisher_description", "publisher_url", "address")},
        ),
        (
            _("Contact"),
            {"fields": ("contact_name", "contact_role", "contact_email", "contact_phone")},
        ),
        (_("Dons"), {"fields": ("donation_url", "donation_email")}),
    )

    def has_add_permission(self, request):
        return (
            is_publisher(request.user)
            and super().has_add_permission(request)
            and not SiteProfile.objects.exists()
        )

    def has_change_permission(self, request, obj=None):
        return is_publisher(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Show the profile's form, or the form that creates it, where a list would be."""
        profile = SiteProfile.objects.filter(pk=1).first()
        if profile is None and not self.has_add_permission(request):
            return super().changelist_view(request, extra_context)
        if profile is None:
            return self.add_view(request, reverse("admin:pare_siteprofile_add"), extra_context)
        form_url = reverse("admin:pare_siteprofile_change", args=[profile.pk])
        return self.change_view(request, str(profile.pk), form_url, extra_context)


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    """The footer's pages: three, created with a draft wording; staff edit them, never add one."""

    list_display = ("title", "kind", "updated_at")
    fields = ("title", "summary", "body")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
