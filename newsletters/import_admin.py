"""« Importer une lettre »: the admin page that runs the importer on an uploaded export.

newsletters/admin.py mixes IssueImportAdminMixin into the issue admin.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletters.importer import MAX_BYTES, ImportRefused, import_newsletter

# Everything an import may create: editors and publishers have these rights.
IMPORT_PERMISSIONS = (
    "newsletters.add_issue",
    "events.add_event",
    "news.add_initiative",
    "resources.add_resource",
    "pare.add_organisation",
)


class ImportForm(forms.Form):
    export = forms.FileField(
        label=gettext_lazy("Export de la lettre"),
        help_text=gettext_lazy(
            "Le fichier texte exporté de l'ancien site, ou la page HTML du numéro : 2 Mo au plus."
        ),
    )


class IssueImportAdminMixin:
    """Adds to the issue admin the page that imports a past issue from its export."""

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_import": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report, status = None, 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    report = import_newsletter(form.cleaned_data["export"].read(MAX_BYTES + 1))
                except ImportRefused as error:
                    form.add_error("export", str(error))
                else:
                    status = 200
                    form = ImportForm()
        notes = []
        if report:
            for entry, entry_notes in report.notes:
                opts = entry._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
                notes.append((entry, opts.verbose_name, url, entry_notes))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer une lettre"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "notes": notes,
        }
        return TemplateResponse(
            request, "admin/newsletters/issue/import.html", context, status=status
        )
