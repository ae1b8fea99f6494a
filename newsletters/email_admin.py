"""The e-mail edition in the admin: previews, test sends, sending to subscribers, subscribers.

newsletters/admin.py mixes IssueEmailAdminMixin into the issue admin; importing this module
registers the subscriber and sending admins.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override

from newsletters import sending
from newsletters.email import TEST_TOKEN, IssueEdition
from newsletters.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    SendJob,
    Subscriber,
    SubscriberStatus,
)

PUBLISH_PERMISSION = "newsletters.publish_issue"
GMAIL_CLIPS_AFTER = 102 * 1024
# A preview is the e-mail as mail clients get it, inline styles included, and runs nothing.
PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["https:", "http:"],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "sandbox": ["allow-popups", "allow-popups-to-escape-sandbox", "allow-top-navigation"],
}
# Spreadsheets run a cell that starts with one of these as a formula.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def progress_text(counts):
    return _(
        "Envoyés : %(sent)s · échecs : %(failed)s · restants : %(remaining)s · "
        "annulés (désinscrits) : %(skipped)s — sur %(total)s."
    ) % {name: number_format(value, force_grouping=True) for name, value in counts.items()}


class TestSendForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse de l'essai"),
        help_text=gettext_lazy(
            "L'essai part tout de suite, marqué « [Essai] » ; son lien de désinscription ne "
            "désinscrit personne."
        ),
    )


class SendForm(forms.Form):
    checked = forms.BooleanField(
        label=gettext_lazy("J'ai relu l'aperçu et reçu l'essai : le numéro peut partir."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer l'envoi.")},
    )


class IssueEmailAdminMixin:
    """Adds to the issue admin the page of its e-mail edition, and its previews."""

    def get_urls(self):
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/edition-email/",
                view(self.email_view),
                name=f"{prefix}_email",
            ),
            path(
                "<path:object_id>/edition-email/html/",
                view(self.email_html_view),
                name=f"{prefix}_email_html",
            ),
            path(
                "<path:object_id>/edition-email/texte/",
                view(self.email_text_view),
                name=f"{prefix}_email_text",
            ),
            *super().get_urls(),
        ]

    def get_viewable_issue(self, request, object_id):
        issue = get_object_or_404(Issue, pk=object_id)
        if not self.has_view_or_change_permission(request, issue):
            raise PermissionDenied
        return issue

    def email_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        may_send = request.user.has_perm(PUBLISH_PERMISSION)
        test_form = TestSendForm(initial={"email": request.user.email})
        send_form = SendForm()
        if request.method == "POST" and "test" in request.POST:
            test_form = TestSendForm(request.POST)
            if test_form.is_valid():
                self.send_test(request, issue, test_form.cleaned_data["email"])
                return HttpResponseRedirect(request.path)
        elif request.method == "POST" and "send" in request.POST:
            if not may_send:
                raise PermissionDenied
            send_form = SendForm(request.POST)
            if send_form.is_valid():
                self.send_to_subscribers(request, issue)
                return HttpResponseRedirect(request.path)
        edition = IssueEdition(issue, request.user)
        job = SendJob.objects.filter(issue=issue).first()
        html_size = len(edition.html_for(TEST_TOKEN).encode())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Édition e-mail : %(issue)s") % {"issue": issue.title},
            "opts": self.opts,
            "original": issue,
            "issue": issue,
            "subject": edition.subject,
            "html_size": html_size,
            "text_size": len(edition.text_for(TEST_TOKEN).encode()),
            "too_big": html_size >= GMAIL_CLIPS_AFTER,
            "test_form": test_form,
            "send_form": send_form,
            "may_send": may_send,
            "job": job,
            "progress": progress_text(sending.progress(issue)) if job else "",
            "subscriber_count": Subscriber.objects.confirmed().count(),
            "unserved_count": Subscriber.objects.confirmed()
            .exclude(deliveries__issue=issue)
            .count(),
        }
        return TemplateResponse(request, "admin/newsletters/issue/email.html", context)

    def send_test(self, request, issue, address):
        message = IssueEdition(issue, request.user).message(address, TEST_TOKEN)
        message.subject = _("[Essai] %(subject)s") % {"subject": message.subject}
        try:
            message.send()
        except Exception as error:  # The mail server refused or could not be reached.
            self.message_user(
                request,
                _("L'essai n'a pas pu partir : %(error)s") % {"error": error},
                messages.ERROR,
            )
            return
        self.message_user(
            request, _("Essai envoyé à %(address)s.") % {"address": address}, messages.SUCCESS
        )

    def send_to_subscribers(self, request, issue):
        if not issue.is_public:
            self.message_user(
                request,
                _("Publiez d'abord le numéro : seul un numéro en ligne part aux abonnés."),
                messages.ERROR,
            )
            return
        sending.start(issue, request.user)
        self.log_change(request, issue, _("Envoi aux abonnés lancé."))
        self.message_user(
            request,
            _(
                "L'envoi est lancé : il se fait en arrière-plan. Actualisez cette page pour "
                "suivre sa progression."
            ),
            messages.SUCCESS,
        )

    @method_decorator(csp_override(PREVIEW_CSP))
    def email_html_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        return HttpResponse(IssueEdition(issue, request.user).html_for(TEST_TOKEN))

    def email_text_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        return HttpResponse(
            IssueEdition(issue, request.user).text_for(TEST_TOKEN),
            content_type="text/plain; charset=utf-8",
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
class SubscriberAdmin(admin.ModelAdmin):
    """Subscribers come only through the public form; staff see and export them, or remove them."""

    list_display = ("email", "status", "confirmed_at", "source", "requested_at", "unsubscribed_at")
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
    )
    actions = ("export_csv", "unsubscribe")

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


def _count(status):
    return Count("issue__deliveries", filter=Q(issue__deliveries__status__in=status))


@admin.register(SendJob)
class SendJobAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
            progress_text(sending.progress(job.issue)),
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
            sending.start(job.issue, request.user)
            resumed += 1
        if resumed:
            self.message_user(
                request,
                _("Envois relancés en arrière-plan : %(count)d.") % {"count": resumed},
                messages.SUCCESS,
            )
