from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from news.models import Initiative
from pare import richtext
from pare.dates import quarter_label
from pare.models import Publishable, PublishableQuerySet
from resources.models import Resource


class Section(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    NEWS = "actualites", _("Actualités du réseau")
    RESOURCES = "ressources", _("Ressources")


SECTION_SUBTITLES = {
    Section.AGENDA: _("Rencontres, colloques, conférences et formations"),
    Section.NEWS: _("Nouvelles actions, initiatives et bonnes pratiques"),
    Section.RESOURCES: _("Livres, replays, podcasts, enquêtes et outils"),
}


class IssueQuerySet(PublishableQuerySet):
    def latest_first(self):
        return self.order_by("-year", "-quarter")


class Issue(Publishable):
    """A quarterly issue of the newsletter: an introduction and three ordered sections."""

    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("trimestre"),
        choices=[
            (1, _("1er trimestre")),
            (2, _("2e trimestre")),
            (3, _("3e trimestre")),
            (4, _("4e trimestre")),
        ],
    )
    introduction = models.TextField(_("introduction"), blank=True, help_text=richtext.HELP_TEXT)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ("-year", "-quarter")
        verbose_name = _("numéro")
        verbose_name_plural = _("numéros")
        permissions = [("publish_issue", _("Peut publier un numéro"))]
        constraints = [
            *Publishable.publication_constraints("issue"),
            models.UniqueConstraint(
                fields=("year", "quarter"),
                name="issue_unique_quarter",
                violation_error_message=_("Un numéro existe déjà pour ce trimestre."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="issue_quarter_1_to_4",
                violation_error_message=_("Le trimestre va de 1 à 4."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:detail", kwargs={"year": self.year, "quarter": self.quarter})

    @property
    def title(self):
        return _("Lettre PARÉ du %(quarter)s") % {"quarter": quarter_label(self.quarter, self.year)}

    @property
    def period(self):
        return quarter_label(self.quarter, self.year)

    def unpublished_entries(self, entries=None, at=None):
        """Entries this issue points at that would not be public when it goes out."""
        at = at or self.publish_at or timezone.now()
        if entries is None:
            entries = [
                item.entry
                for items in (self.event_items, self.initiative_items, self.resource_items)
                for item in items.all()
            ]
        return [
            entry
            for entry in entries
            if entry.status != "published" or entry.publish_at is None or entry.publish_at > at
        ]

    def clean_publication(self, entries=None):
        """Refuse to publish an issue that points at drafts or at entries due after it."""
        if self.status != "published":
            return
        missing = self.unpublished_entries(entries)
        if missing:
            names = ", ".join(f"« {entry} »" for entry in missing)
            raise ValidationError(
                _(
                    "Ce numéro ne peut pas paraître : ces contenus ne seront pas publiés à sa date "
                    "de publication : %(names)s. Publiez-les d'abord, ou retirez-les du numéro."
                )
                % {"names": names}
            )


class IssueItem(models.Model):
    """One entry of an issue's section, at the place staff chose."""

    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ("position", "pk")

    def __str__(self):
        return str(self.entry)


class IssueEvent(IssueItem):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="event_items", verbose_name=_("numéro")
    )
    entry = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="issue_items", verbose_name=_("événement")
    )

    class Meta(IssueItem.Meta):
        verbose_name = _("événement de l'agenda")
        verbose_name_plural = _("agenda")
        constraints = [
            models.UniqueConstraint(fields=("issue", "entry"), name="issue_event_unique")
        ]


class IssueInitiative(IssueItem):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="initiative_items", verbose_name=_("numéro")
    )
    entry = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        related_name="issue_items",
        verbose_name=_("initiative"),
    )

    class Meta(IssueItem.Meta):
        verbose_name = _("actualité du réseau")
        verbose_name_plural = _("actualités du réseau")
        constraints = [
            models.UniqueConstraint(fields=("issue", "entry"), name="issue_initiative_unique")
        ]


class IssueResource(IssueItem):
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="resource_items", verbose_name=_("numéro")
    )
    entry = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="issue_items", verbose_name=_("ressource")
    )

    class Meta(IssueItem.Meta):
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        constraints = [
            models.UniqueConstraint(fields=("issue", "entry"), name="issue_resource_unique")
        ]
