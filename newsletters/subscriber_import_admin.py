"""« Importer des abonnés »: the subscriber admin's page that brings in an existing list.

newsletters/admin.py mixes SubscriberImportAdminMixin into the subscriber admin.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletters.models import ImportMode
from newsletters.subscriber_import import MAX_BYTES, ImportRefused, import_subscribers

IMPORT_PERMISSION = "newsletters.add_subscriberimport"


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy(
            "Une adresse par ligne ; colonnes « email », et si vous les avez « nom », « date » "
            "(du consentement, 14/09/2023) et « source » (où la personne a donné son accord). "
            "Séparateur point-virgule ou virgule, comme les enregistre un tableur ; 5 Mo au plus."
        ),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Ces personnes ont-elles déjà accepté de recevoir la lettre ?"),
        choices=ImportMode,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "« Déjà consentis » seulement si vous pouvez prouver leur accord (date et origine) ; "
            "sinon, « à inviter » : chacune reçoit un e-mail et n'est inscrite qu'en confirmant."
        ),
    )
    default_source = forms.CharField(
        label=gettext_lazy("Origine du consentement"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Pour les lignes sans colonne « source », par exemple « Liste de diffusion de la "
            "fondation, inscriptions 2019-2023 »."
        ),
    )
    skip_errors = forms.BooleanField(
        label=gettext_lazy(
            "Importer les autres lignes si certaines sont en erreur (elles seront listées)"
        ),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo : découpez-le."))
        return upload


class SubscriberImportAdminMixin:
    """Adds to the subscriber admin the page that imports a CSV file of addresses."""

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_import = request.user.has_perm(IMPORT_PERMISSION)
        extra_context = {"may_import": may_import, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        errors, status = [], 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    record = import_subscribers(
                        data["file"].read(),
                        data["file"].name,
                        data["mode"],
                        request.user,
                        default_source=data["default_source"],
                        skip_errors=data["skip_errors"],
                    )
                except ImportRefused as refusal:
                    form.add_error("file", str(refusal))
                    errors = refusal.errors
                else:
                    self.message_user(request, record_summary(record), messages.SUCCESS)
                    opts = record._meta
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
                        )
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer des abonnés"),
            "opts": self.opts,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(
            request, "admin/newsletters/subscriber/import.html", context, status=status
        )


def record_summary(record):
    parts = [
        _("%(count)d adresses nouvelles") % {"count": record.created_count},
        _("%(count)d déjà présentes, complétées") % {"count": record.merged_count},
        _("%(count)d désinscrites ou suspendues, laissées telles quelles")
        % {"count": record.left_alone_count},
        _("%(count)d lignes en erreur, ignorées") % {"count": record.rejected_count},
    ]
    summary = _("Import enregistré : %(parts)s.") % {"parts": " ; ".join(parts)}
    if record.mode == ImportMode.INVITE:
        summary += " " + _(
            "Les invitations partent en arrière-plan, quelques-unes par minute ; suivez-les ici."
        )
    return summary
