"""The issues, their subscribers and their sendings in the admin."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from newsletters import reach, tasks
from newsletters.email_admin import PUBLISH_PERMISSION, IssueEmailAdminMixin, progress_text
from newsletters.forms import IssueItemFormSet
from newsletters.import_admin import IssueImportAdminMixin
from newsletters.models import (
    SECTIONS,
    Bounce,
    Delivery,
    DeliveryStatus,
    Issue,
    SendJob,
    Subscriber,
    SubscriberImport,
    SubscriberStatus,
)
from newsletters.subscriber_import_admin import SubscriberImportAdminMixin, record_summary
from pare.admin import (
    IMAGE,
    PUBLICATION,
    OrderedInline,
    PublicationFilter,
    PublishableAdmin,
    ReadOnlyAdmin,
)
from pare.models import Status

# Spreadsheets run a cell that starts with one of these as a formula.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class IssueItemInline(OrderedInline):
    formset = IssueItemFormSet
    fields = ("entry", "position")
    autocomplete_fields = ("entry",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")


def section_inline(section):
    """The issue form's list of one section's items, headed as the section is."""
    return type(
        f"Issue{section.entry_model.__name__}Inline",
        (IssueItemInline,),
        {
            "model": section.item_model,
            "add_label": section.add_label,
            "verbose_name_plural": section.label,
        },
    )


@admin.register(Issue)
class IssueAdmin(IssueImportAdminMixin, IssueEmailAdminMixin, PublishableAdmin):
    add_title = gettext_lazy("Nouveau numéro")
    list_display = ("title", "year", "quarter", "publication", "preview")
    list_display_links = ("title",)
    list_filter = (PublicationFilter, "year")
    search_fields = ("year", "introduction")
    date_hierarchy = "publish_at"
    inlines = tuple(section_inline(section) for section in SECTIONS)
    fieldsets = (
        (gettext_lazy("Contenu"), {"fields": ("year", "quarter", "introduction")}),
        (gettext_lazy("Image de une"), IMAGE[1]),
        PUBLICATION,
        (
            gettext_lazy("Audience (totaux par jour, sans suivi des personnes)"),
            {"fields": ("reach",)},
        ),
    )
    readonly_fields = (*PublishableAdmin.readonly_fields, "reach")

    @admin.display(description=gettext_lazy("lectures"))
    def reach(self, obj):
        if obj.pk is None:
            return "—"
        totals = reach.totals(obj)
        job = SendJob.objects.filter(issue=obj).first()
        start = (job.started_at or job.created_at) if job else obj.publish_at
        chart = reach.views_chart(obj, timezone.localdate(start)) if start else ""
        return format_html(
            "<ul>{}</ul>{}{}",
            format_html_join("", "<li>{} : {}</li>", totals["kinds"]),
            chart,
            format_html(
                "<p>{}</p><ul>{}</ul>",
                _("Liens les plus suivis :"),
                format_html_join("", "<li>{1} — {0}</li>", totals["links"]),
            )
            if totals["links"]
            else "",
        )

    @admin.display(description=gettext_lazy("numéro"), ordering="year")
    def title(self, obj):
        return obj.title

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in form.instance.warnings():
            self.message_user(request, warning, messages.WARNING)

    def get_changeform_initial_data(self, request):
        return {**Issue.next_one(), **super().get_changeform_initial_data(request)}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publier/",
                self.admin_site.admin_view(self.publish_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_publish",
            ),
            path(
                "<path:object_id>/pret-a-relire/",
                self.admin_site.admin_view(self.ready_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_ready",
            ),
            path(
                "<path:object_id>/proposer/",
                self.admin_site.admin_view(self.propose_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_propose",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        """A publisher publishes the issue with its drafts, after a page listing what goes out."""
        issue = get_object_or_404(Issue, pk=object_id)
        if issue.is_public or not self.has_publish_permission(request, issue):
            raise PermissionDenied
        going_public = issue.going_public()
        refused = [
            obj
            for obj in going_public
            if not request.user.has_perm(
                f"{obj._meta.app_label}.{get_permission_codename('publish', obj._meta)}"
            )
        ]
        error = None
        if request.method == "POST" and not refused:
            try:
                issue.publish_with_entries()
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                self.log_change(request, issue, _("Publié avec ses contenus."))
                self.message_user(
                    request,
                    ngettext(
                        "%(issue)s est en ligne, avec %(count)d contenu publié en même temps.",
                        "%(issue)s est en ligne, avec %(count)d contenus publiés en même temps.",
                        len(going_public),
                    )
                    % {"issue": issue.title, "count": len(going_public)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))
        return self.issue_page(
            request,
            issue,
            "publish.html",
            title=_("Publier : %(issue)s") % {"issue": issue.title},
            rows=[
                {
                    "object": obj,
                    "kind": capfirst(obj._meta.verbose_name),
                    "status": obj.publication_label,
                }
                for obj in going_public
            ],
            refused=refused,
            error=error,
        )

    @method_decorator(require_POST)
    def ready_view(self, request, object_id):
        """An editor says a draft issue is ready: publishers see it on the index and by e-mail."""
        issue = get_object_or_404(Issue, pk=object_id)
        if issue.status != Status.DRAFT or not self.has_change_permission(request, issue):
            raise PermissionDenied
        if issue.ready_for_review_at is None:
            issue.ready_for_review_at = timezone.now()
            issue.save(update_fields=["ready_for_review_at"])
            transaction.on_commit(lambda: tasks.tell_publishers.enqueue(issue.pk))
            self.log_change(request, issue, _("Signalé prêt à relire."))
        self.message_user(
            request,
            _("La publication est prévenue : la %(issue)s attend sa relecture.")
            % {"issue": issue.title},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))

    def propose_view(self, request, object_id):
        """What no issue shows yet, ticked: one click adds it all to this draft issue."""
        issue = get_object_or_404(Issue, pk=object_id)
        if issue.status != Status.DRAFT or not self.has_change_permission(request, issue):
            raise PermissionDenied
        proposals = issue.proposals()
        if request.method == "POST":
            added = 0
            for section, entries in proposals:
                ids = [pk for pk in request.POST.getlist(section.slug) if pk.isdigit()]
                ticked = list(entries.filter(pk__in=ids))
                issue.add_entries(section, ticked)
                added += len(ticked)
            self.message_user(
                request,
                ngettext(
                    "%(count)d contenu ajouté au numéro ; rangez-le si besoin.",
                    "%(count)d contenus ajoutés au numéro ; les événements sont rangés par date.",
                    added,
                )
                % {"count": added},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:newsletters_issue_change", args=[issue.pk]))
        return self.issue_page(
            request,
            issue,
            "propose.html",
            title=_("Proposer le contenu : %(issue)s") % {"issue": issue.title},
            sections=[
                {
                    "section": section,
                    "rows": [
                        {
                            "entry": entry,
                            "context": section.context(entry),
                            "status": entry.publication_label,
                        }
                        for entry in entries
                    ],
                }
                for section, entries in proposals
            ],
        )

    def issue_page(self, request, issue, template, **context):
        """A page of the issue beside its change form, under the admin's own frame."""
        return TemplateResponse(
            request,
            f"admin/newsletters/issue/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": issue,
                "issue": issue,
                **context,
            },
        )


def csv_cell(value):
    """A cell a spreadsheet shows as text, never runs (CSV injection)."""
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


@admin.register(Subscriber)
class SubscriberAdmin(SubscriberImportAdminMixin, admin.ModelAdmin):
    """Subscribers come through the public form or an import; staff see, export or remove them."""

    list_display = (
        "email",
        "name",
        "status",
        "confirmed_at",
        "source",
        "requested_at",
        "unsubscribed_at",
        "suspension_reason",
    )
    list_filter = ("status", "source")
    search_fields = ("email", "name")
    date_hierarchy = "requested_at"
    readonly_fields = (
        "email",
        "name",
        "status",
        "source",
        "consent_source",
        "imported_in",
        "awaiting_invitation",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
        "territory",
        "suspended_at",
        "suspension_reason",
        "bounce_list",
    )
    actions = ("export_csv", "unsubscribe", "reinstate")

    @admin.display(description=gettext_lazy("territoire choisi"))
    def territory(self, obj):
        return obj.territory().label() or _("Édition nationale")

    @admin.display(description=gettext_lazy("retours d'e-mails"))
    def bounce_list(self, obj):
        return bounce_items(obj.bounces.select_related("issue")[:100], lambda b: b.issue or "—")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's actions need it; a subscriber's page is read-only: consent is theirs.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(permissions=["view"], description=gettext_lazy("Exporter en CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"abonnes-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # So that spreadsheets read the accents as UTF-8.
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("adresse e-mail"),
                _("nom"),
                _("statut"),
                _("formulaire d'inscription"),
                _("origine du consentement"),
                _("inscription demandée le"),
                _("consentement donné le"),
                _("désinscrit le"),
            ]
        )
        for subscriber in queryset.order_by("email").iterator():
            writer.writerow(
                csv_cell(value)
                for value in (
                    subscriber.email,
                    subscriber.name,
                    subscriber.get_status_display(),
                    subscriber.get_source_display(),
                    subscriber.consent_source,
                    subscriber.requested_at,
                    subscriber.confirmed_at,
                    subscriber.unsubscribed_at,
                )
            )
        return response

    @admin.action(permissions=["change"], description=gettext_lazy("Désinscrire"))
    def unsubscribe(self, request, queryset):
        subscribers = list(queryset.exclude(status=SubscriberStatus.UNSUBSCRIBED))
        for subscriber in subscribers:
            subscriber.unsubscribe()
            self.log_change(request, subscriber, _("Désinscrit depuis l'administration."))
        self.message_user(
            request,
            _("Désinscrits : %(count)d %(items)s.")
            % {
                "count": len(subscribers),
                "items": model_ngettext(self.opts, len(subscribers)),
            },
            messages.SUCCESS,
        )

    @admin.action(permissions=["change"], description=gettext_lazy("Rétablir (suspendus)"))
    def reinstate(self, request, queryset):
        reinstated = [subscriber for subscriber in queryset if subscriber.reinstate()]
        for subscriber in reinstated:
            self.log_change(request, subscriber, _("Rétabli depuis l'administration."))
        self.message_user(
            request,
            _("Rétablis : %(count)d %(items)s.")
            % {"count": len(reinstated), "items": model_ngettext(self.opts, len(reinstated))},
            messages.SUCCESS,
        )


@admin.register(SubscriberImport)
class SubscriberImportAdmin(ReadOnlyAdmin):
    """The record of each import of subscribers: who brought which file in, and what it did."""

    list_display = (
        "imported_at",
        "file_name",
        "mode",
        "imported_by_name",
        "created_count",
        "merged_count",
        "left_alone_count",
        "rejected_count",
        "invitations_sent",
    )
    list_filter = ("mode",)
    fields = (
        "file_name",
        "mode",
        "imported_by_name",
        "imported_at",
        "summary",
        "line_count",
        "invitations_sent",
        "waiting_invitations",
        "report",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("résultat"))
    def summary(self, obj):
        return record_summary(obj)

    @admin.display(description=gettext_lazy("invitations encore à envoyer"))
    def waiting_invitations(self, obj):
        return obj.subscribers.filter(awaiting_invitation=True).count()


def bounce_items(bounces, about):
    """A list of bounces for staff: when, what, about which issue or address, why."""
    items = format_html_join(
        "",
        "<li>{} — {} — {} : {} {}</li>",
        (
            (
                timezone.localtime(bounce.received_at).strftime("%d/%m/%Y %H:%M"),
                bounce.get_kind_display(),
                about(bounce),
                bounce.status,
                bounce.diagnostic,
            )
            for bounce in bounces
        ),
    )
    return format_html("<ul>{}</ul>", items) if items else "—"


def _count(status):
    return Count("issue__deliveries", filter=Q(issue__deliveries__status__in=status))


@admin.register(SendJob)
class SendJobAdmin(ReadOnlyAdmin):
    """Each issue's sending, with its progress; started from the issue's « Édition e-mail »."""

    list_display = (
        "issue",
        "status",
        "sent",
        "failed",
        "remaining",
        "created_at",
        "requested_by",
        "scheduled_for",
        "finished_at",
    )
    list_select_related = ("issue", "requested_by")
    list_filter = ("status",)
    fields = (
        "issue",
        "status",
        "progress",
        "requested_by",
        "created_at",
        "scheduled_for",
        "started_at",
        "retry_at",
        "finished_at",
        "error",
        "failures",
        "bounces",
    )
    readonly_fields = fields
    actions = ("resume",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=_count([DeliveryStatus.SENT]),
                failed_count=_count([DeliveryStatus.FAILED]),
                remaining_count=_count(
                    [DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRY]
                ),
            )
        )

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.display(description=gettext_lazy("envoyés"), ordering="sent_count")
    def sent(self, job):
        return job.sent_count

    @admin.display(description=gettext_lazy("échecs"), ordering="failed_count")
    def failed(self, job):
        return job.failed_count

    @admin.display(description=gettext_lazy("restants"), ordering="remaining_count")
    def remaining(self, job):
        return job.remaining_count

    @admin.display(description=gettext_lazy("progression"))
    def progress(self, job):
        return format_html(
            '{} <a href="{}">{}</a>',
            progress_text(job.issue.deliveries.progress()),
            reverse("admin:newsletters_issue_email", args=[job.issue_id]),
            _("Édition e-mail du numéro"),
        )

    @admin.display(description=gettext_lazy("adresses en échec ou à réessayer"))
    def failures(self, job):
        rows = (
            Delivery.objects.filter(
                issue=job.issue, status__in=(DeliveryStatus.FAILED, DeliveryStatus.RETRY)
            )
            .select_related("subscriber")
            .order_by("status", "pk")[:100]
        )
        items = format_html_join(
            "",
            "<li>{} — {} ({} essai(s)) : {}</li>",
            (
                (row.subscriber.email, row.get_status_display(), row.attempts, row.error)
                for row in rows
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "—"

    @admin.display(description=gettext_lazy("retours d'e-mails et suspensions"))
    def bounces(self, job):
        rows = Bounce.objects.filter(issue=job.issue_id).select_related("subscriber")
        suspended = rows.filter(subscriber__status=SubscriberStatus.SUSPENDED)
        return format_html(
            "<p>{}</p>{}",
            _("%(bounces)d retours, %(suspended)d adresses suspendues à ce jour.")
            % {
                "bounces": rows.count(),
                "suspended": suspended.values("subscriber").distinct().count(),
            },
            bounce_items(rows[:100], lambda bounce: bounce.subscriber.email),
        )

    @admin.action(permissions=["publish"], description=gettext_lazy("Reprendre l'envoi"))
    def resume(self, request, queryset):
        resumed = 0
        for job in queryset.select_related("issue"):
            if not job.issue.is_public:
                self.message_user(
                    request,
                    _("« %(issue)s » n'est plus en ligne : pas d'envoi.") % {"issue": job.issue},
                    messages.ERROR,
                )
                continue
            tasks.start_sending(job.issue, request.user)
            resumed += 1
        if resumed:
            self.message_user(
                request,
                _("Envois relancés en arrière-plan : %(count)d.") % {"count": resumed},
                messages.SUCCESS,
            )
