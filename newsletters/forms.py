from django import forms
from django.utils.translation import gettext_lazy as _

from pare.admin import PublicationFormSet
from pare.models import Department, Region


class IssueItemFormSet(PublicationFormSet):
    """A section of an issue, refused if the issue as saved would go out pointing at drafts."""

    checked_field = "entry"


class TerritoryForm(forms.Form):
    """Regions and departments whose news a subscriber wants first; none: the national edition."""

    regions = forms.MultipleChoiceField(
        label=_("Régions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.MultipleChoiceField(
        label=_("Départements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ceux d'une région déjà cochée y sont compris."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [
            (region.code, region.name) for region in Region.objects.all()
        ]
        groups = {}
        for department in Department.objects.select_related("region").order_by("code"):
            group = department.region.name if department.region else _("Collectivités d'outre-mer")
            groups.setdefault(group, []).append((department.code, department.name))
        self.fields["departments"].choices = sorted(groups.items())

    @classmethod
    def initial_for(cls, subscriber):
        territory = subscriber.territory()
        return {"regions": sorted(territory.regions), "departments": sorted(territory.departments)}

    def save_to(self, subscriber):
        subscriber.regions.set(self.cleaned_data.get("regions", []))
        subscriber.departments.set(self.cleaned_data.get("departments", []))
