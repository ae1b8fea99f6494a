"""« Propositions » in the admin: read what the field proposes, accept it as a draft, or decline it.

What a proposer wrote is shown as inert text: no link in it is clickable, and its image is served
by the admin only, from the database. Staff never edit a proposal: accepting it makes a draft entry,
which they finish and a publisher publishes.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pare.dates import date_range, time_range
from proposals import tasks
from proposals.models import Proposal, State

MODERATE = "proposals.change_proposal"


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in State if state != State.UNCONFIRMED]

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Pour l'équipe : gardé avec la proposition."),
        error_messages={"required": gettext_lazy("Indiquez pourquoi la proposition est refusée.")},
    )
    message = forms.CharField(
        label=gettext_lazy("Mot pour la personne (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ajouté tel quel à l'e-mail qui lui annonce le refus."),
    )


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "state", "created_at", "proposer", "entry_link")
    list_filter = ("kind", StateFilter)
    list_select_related = ("event", "initiative", "resource")
    search_fields = ("title", "organisation_name", "proposer_name", "proposer_organisation")
    date_hierarchy = "created_at"
    fieldsets = (
        (
            gettext_lazy("La proposition"),
            {"fields": ("kind", "title", "type_label", "when", "where", "organisation_name")},
        ),
        (
            gettext_lazy("Texte et bouton"),
            {"fields": ("authors", "text_as_written", "link_as_text", "contact_email")},
        ),
        (gettext_lazy("Image"), {"fields": ("image_preview", "image_alt")}),
        (
            gettext_lazy("Qui la propose (jamais publié)"),
            {
                "fields": (
                    "proposer_name",
                    "proposer_organisation",
                    "proposer_email",
                    "consents_to_contact",
                    "created_at",
                    "confirmed_at",
                )
            },
        ),
        (
            gettext_lazy("Décision"),
            {
                "fields": (
                    "state",
                    "decided_at",
                    "decided_by",
                    "decline_reason",
                    "message_to_proposer",
                    "entry_link",
                    "notified_at",
                    "erased_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).confirmed()

    def get_readonly_fields(self, request, obj=None):
        return [field for _, options in self.fieldsets for field in options["fields"]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # Nothing of a proposal is edited: its entry is, once accepted.

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(MODERATE) or super().has_view_permission(request, obj)

    def index_badge(self, request):
        """The count the admin index shows beside « Propositions »."""
        count = Proposal.objects.to_review().count()
        return _("%(count)d à examiner") % {"count": count} if count else ""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/image/", view(self.image_view), name="proposals_proposal_image"),
            path("<int:pk>/accepter/", view(self.accept_view), name="proposals_proposal_accept"),
            path("<int:pk>/refuser/", view(self.decline_view), name="proposals_proposal_decline"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_moderate": request.user.has_perm(MODERATE),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # What a proposer wrote, shown without anything clickable.

    @admin.display(description=gettext_lazy("proposée par"))
    def proposer(self, obj):
        if obj.erased_at:
            return _("(effacé)")
        return ", ".join(part for part in (obj.proposer_name, obj.proposer_organisation) if part)

    @admin.display(description=gettext_lazy("type"))
    def type_label(self, obj):
        return obj.entry_type_label or "—"

    @admin.display(description=gettext_lazy("dates et horaires"))
    def when(self, obj):
        if not obj.first_day:
            return "—"
        days = date_range(obj.first_day, obj.last_day)
        times = time_range(obj.start_time, obj.end_time)
        return f"{days}, {times}" if times else days

    @admin.display(description=gettext_lazy("lieu"))
    def where(self, obj):
        parts = [obj.venue, obj.address, obj.city, str(obj.department or "")]
        if obj.is_online:
            parts.insert(0, _("En ligne"))
        return ", ".join(part for part in parts if part) or "—"

    @admin.display(description=gettext_lazy("texte"))
    def text_as_written(self, obj):
        return mark_safe(linebreaks(obj.text, autoescape=True)) if obj.text else "—"

    @admin.display(description=gettext_lazy("lien (à vérifier avant de le suivre)"))
    def link_as_text(self, obj):
        return format_html("<code>{}</code>", obj.link) if obj.link else "—"

    @admin.display(description=gettext_lazy("image"))
    def image_preview(self, obj):
        if not obj.image_format:
            return "—"
        url = reverse("admin:proposals_proposal_image", args=[obj.pk])
        return format_html('<img src="{}" alt="{}" class="proposal-image">', url, obj.image_alt)

    @admin.display(description=gettext_lazy("entrée créée"))
    def entry_link(self, obj):
        entry = obj.entry
        if entry is None:
            return "—"
        opts = entry._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
        return format_html('<a href="{}">{}</a>', url, entry)

    # Views.

    def _proposal(self, request, pk, moderate=False):
        proposal = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = request.user.has_perm(MODERATE) if moderate else self.has_view_permission(request)
        if not allowed:
            raise PermissionDenied
        return proposal

    def image_view(self, request, pk):
        proposal = self._proposal(request, pk)
        if not proposal.image_format:
            raise PermissionDenied
        response = HttpResponse(bytes(proposal.image), content_type=proposal.image_type)
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, no-store"
        return response

    def _undecided(self, request, proposal):
        if proposal.state == State.PENDING:
            return None
        self.message_user(
            request,
            _("Cette proposition a déjà été traitée : %(state)s.")
            % {"state": proposal.get_state_display().lower()},
            messages.WARNING,
        )
        return redirect("admin:proposals_proposal_change", proposal.pk)

    def accept_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        proposal = self._proposal(request, pk, moderate=True)
        if done := self._undecided(request, proposal):
            return done
        opts = proposal.entry_model._meta
        if not request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise PermissionDenied
        entry = proposal.accept(request.user)
        self.log_change(request, proposal, _("Acceptée : brouillon créé."))
        self.message_user(
            request,
            _(
                "Proposition acceptée : voici le brouillon « %(entry)s ». Complétez-le et "
                "enregistrez-le ; une personne de la publication le mettra en ligne, et la "
                "personne qui l'a proposé en sera prévenue."
            )
            % {"entry": entry},
            messages.SUCCESS,
        )
        opts = entry._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", entry.pk)

    def decline_view(self, request, pk):
        proposal = self._proposal(request, pk, moderate=True)
        if done := self._undecided(request, proposal):
            return done
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            proposal.decline(
                request.user, form.cleaned_data["reason"], form.cleaned_data["message"]
            )
            tasks.announce_decline.enqueue(proposal.pk)
            self.log_change(request, proposal, _("Refusée."))
            self.message_user(
                request,
                _("Proposition refusée : la personne en est prévenue par e-mail."),
                messages.SUCCESS,
            )
            return redirect("admin:proposals_proposal_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refuser « %(title)s »") % {"title": proposal.title},
            "opts": self.opts,
            "original": proposal,
            "form": form,
        }
        return TemplateResponse(request, "admin/proposals/proposal/decline.html", context)
