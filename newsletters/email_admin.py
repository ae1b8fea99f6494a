"""The issue admin's e-mail edition: previews, test sends, sending to subscribers."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from newsletters import tasks
from newsletters.email import TEST_TOKEN, IssueEdition
from newsletters.models import (
    Issue,
    SendJob,
    Subscriber,
)
from pare.dates import moment
from pare.throttle import RateLimit

PUBLISH_PERMISSION = "newsletters.publish_issue"
# The edition page shows the preview in place, in a frame that runs nothing (sandbox).
EDITION_CSP = {**settings.SECURE_CSP, "frame-src": [CSP.SELF]}
GMAIL_CLIPS_AFTER = 102 * 1024
TEST_SENDS = RateLimit("issue-test-email", limit=5, period=60 * 60)  # per staff member
# A preview is the e-mail as mail clients get it, inline styles included, and runs nothing.
PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": ["https:", "http:"],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],  # shown in place on the edition page
    "sandbox": ["allow-popups", "allow-popups-to-escape-sandbox", "allow-top-navigation"],
}


def progress_text(counts):
    return _(
        "Envoyés : %(sent)s · échecs : %(failed)s · restants : %(remaining)s · "
        "annulés (désinscrits) : %(skipped)s — sur %(total)s."
    ) % {name: number_format(value, force_grouping=True) for name, value in counts.items()}


class StaffRecipientField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} <{user.email}>" if name else user.email


class TestSendForm(forms.Form):
    """A test goes to a staff account's own address, never to one typed in."""

    recipient = StaffRecipientField(
        label=gettext_lazy("Destinataire de l'essai"),
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email=""),
        empty_label=None,
        help_text=gettext_lazy(
            "Un compte de l'équipe. L'essai part tout de suite, marqué « [Essai] » ; son lien de "
            "désinscription ne désinscrit personne."
        ),
    )


class SendForm(forms.Form):
    checked = forms.BooleanField(
        label=gettext_lazy("J'ai relu l'aperçu et reçu l'essai : le numéro peut partir."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer l'envoi.")},
    )


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label=gettext_lazy("Envoyer le"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        help_text=gettext_lazy(
            "Le worker commence l'envoi à cette heure (heure de Paris), si le numéro est en "
            "ligne à ce moment ; sinon rien ne part et vous en êtes prévenu par e-mail."
        ),
    )

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError(_("Choisissez une date et une heure à venir."))
        return when


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

    @method_decorator(csp_override(EDITION_CSP))
    def email_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        may_send = request.user.has_perm(PUBLISH_PERMISSION)
        test_form = TestSendForm(initial={"recipient": request.user.pk})
        send_form = SendForm()
        status = 200
        schedule_form = ScheduleForm()
        if request.method == "POST" and {"schedule", "cancel"} & request.POST.keys():
            if not may_send:
                raise PermissionDenied
            if "cancel" in request.POST:
                self.cancel_scheduled(request, issue)
                return HttpResponseRedirect(request.path)
            schedule_form = ScheduleForm(request.POST)
            if schedule_form.is_valid() and not SendJob.objects.filter(issue=issue).exists():
                when = schedule_form.cleaned_data["when"]
                tasks.schedule_sending(issue, when, request.user)
                self.log_change(request, issue, _("Envoi aux abonnés programmé."))
                self.message_user(
                    request,
                    _("Envoi programmé le %(when)s.") % {"when": moment(when)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        if request.method == "POST" and "test" in request.POST:
            test_form = TestSendForm(request.POST)
            if test_form.is_valid() and TEST_SENDS.hit(request.user.pk):
                self.send_test(request, issue, test_form.cleaned_data["recipient"].email)
                return HttpResponseRedirect(request.path)
            if test_form.is_valid():
                test_form.add_error(
                    None,
                    _(
                        "Vous avez envoyé %(count)d essais dans l'heure : c'est le maximum. "
                        "Relisez l'aperçu en attendant."
                    )
                    % {"count": TEST_SENDS.limit},
                )
                status = 429
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
        text = edition.text_for(TEST_TOKEN)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Édition e-mail : %(issue)s") % {"issue": issue.title},
            "opts": self.opts,
            "original": issue,
            "issue": issue,
            "subject": edition.subject,
            "html_size": html_size,
            "text": text,
            "text_size": len(text.encode()),
            "too_big": html_size >= GMAIL_CLIPS_AFTER,
            "test_form": test_form,
            "send_form": send_form,
            "schedule_form": schedule_form,
            "may_send": may_send,
            "job": job,
            "progress": progress_text(issue.deliveries.progress()) if job else "",
            "subscriber_count": Subscriber.objects.confirmed().count(),
            "unserved_count": Subscriber.objects.confirmed()
            .exclude(deliveries__issue=issue)
            .count(),
        }
        return TemplateResponse(
            request, "admin/newsletters/issue/email.html", context, status=status
        )

    def cancel_scheduled(self, request, issue):
        job = SendJob.objects.filter(issue=issue).first()
        if job and job.is_cancellable and tasks.cancel_scheduled(job):
            self.log_change(request, issue, _("Envoi programmé annulé."))
            self.message_user(request, _("L'envoi programmé est annulé."), messages.SUCCESS)
        else:
            self.message_user(request, _("Trop tard : l'envoi a déjà commencé."), messages.ERROR)

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
        self.log_change(request, issue, _("Essai envoyé à %(address)s.") % {"address": address})
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
        tasks.start_sending(issue, request.user)
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
    @method_decorator(xframe_options_sameorigin)
    def email_html_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        return HttpResponse(IssueEdition(issue, request.user).html_for(TEST_TOKEN))

    def email_text_view(self, request, object_id):
        issue = self.get_viewable_issue(request, object_id)
        return HttpResponse(
            IssueEdition(issue, request.user).text_for(TEST_TOKEN),
            content_type="text/plain; charset=utf-8",
        )
