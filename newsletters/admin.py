"""The issues, their subscribers and their sendings in the admin."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletters import reach, tasks
from newsletters.email_admin import PUBLISH_PERMISSION, IssueEmailAdminMixin, progress_text
from newsletters.forms import IssueItemFormSet
from newsletters.models import (
    Bounce,
    Delivery,
    DeliveryStatus,
    Issue,
    IssueEvent,
    IssueInitiative,
    IssueResource,
    SendJob,
    Subscriber,
    SubscriberStatus,
)
from pare.admin import (
    PUBLICATION,
    OrderedInline,
    PublicationFilter,
    PublishableAdmin,
    ReadOnlyAdmin,
)

# Spreadsheets run a cell that starts with one of these as a formula.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class IssueItemInline(OrderedInline):
    formset = IssueItemFormSet
    fields = ("entry", "position")
    autocomplete_fields = ("entry",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entry")


class IssueEventInline(IssueItemInline):
    model = IssueEvent
    verbose_name_plural = gettext_lazy("Agenda")


class IssueInitiativeInline(IssueItemInline):
    model = IssueInitiative
    verbose_name_plural = gettext_lazy("Actualités du réseau")


class IssueResourceInline(IssueItemInline):
    model = IssueResource
    verbose_name_plural = gettext_lazy("Ressources")


@admin.register(Issue)
class IssueAdmin(IssueEmailAdminMixin, PublishableAdmin):
    list_display = ("title", "year", "quarter", "publication", "preview")
    list_display_links = ("title",)
    list_filter = (PublicationFilter, "year")
    search_fields = ("year", "introduction")
    date_hierarchy = "publish_at"
    inlines = (IssueEventInline, IssueInitiativeInline, IssueResourceInline)
    fieldsets = (
        (gettext_lazy("Contenu"), {"fields": ("year", "quarter", "introduction")}),
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


def csv_cell(value):
    """A cell a spreadsheet shows as text, never runs (CSV injection)."""
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers come only through the public form; staff see and export them, or remove them."""

    list_display = (
        "email",
        "status",
        "confirmed_at",
        "source",
        "requested_at",
        "unsubscribed_at",
        "suspension_reason",
    )
    list_filter = ("status", "source")
    search_fields = ("email",)
    date_hierarchy = "requested_at"
    readonly_fields = (
        "email",
        "status",
        "source",
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
                _("statut"),
                _("formulaire d'inscription"),
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
                    subscriber.get_status_display(),
                    subscriber.get_source_display(),
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
