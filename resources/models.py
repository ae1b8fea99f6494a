from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pare import richtext
from pare.dates import long_date
from pare.models import (
    CallToAction,
    FieldCheck,
    Illustrated,
    Organisation,
    OrganisationLink,
    Organised,
    OrganisedQuerySet,
    Publishable,
    Reviewed,
    Searchable,
)


class ResourceKind(models.TextChoices):
    BOOK = "livre", _("Livre")
    REPLAY = "replay", _("Replay")
    PODCAST = "podcast", _("Podcast")
    SURVEY = "enquete", _("Enquête")
    TOOL = "outil", _("Outil")
    WHITE_PAPER = "livre-blanc", _("Livre blanc")
    REPORT = "rapport", _("Rapport")
    OTHER = "autre", _("Autre ressource")


class ResourceQuerySet(OrganisedQuerySet):
    def with_related(self):
        """Fetch what the resource partial shows, in a fixed number of queries."""
        return self.with_organisations()


class Resource(Organised, Publishable, Reviewed, Illustrated, CallToAction, Searchable):
    """A book, replay, podcast, survey, tool or report worth knowing."""

    kind = models.CharField(
        _("type"), max_length=20, choices=ResourceKind, default=ResourceKind.OTHER
    )
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=250, unique=True)
    authors = models.CharField(
        _("auteurs"),
        max_length=300,
        blank=True,
        help_text=_("Les personnes qui l'ont écrit ou réalisé."),
    )
    publisher = models.CharField(
        _("éditeur ou diffuseur"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « éditions Artège » ou « La Croix »."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="ResourceOrganisation",
        related_name="resources",
        blank=True,
        verbose_name=_("organisations partenaires"),
    )
    released_on = models.DateField(_("date de parution"), null=True, blank=True)
    text = models.TextField(_("présentation"), blank=True, help_text=richtext.HELP_TEXT)
    summary = models.TextField(
        _("résumé"),
        blank=True,
        help_text=_("Le résumé de la source, cité tel quel : il s'affiche entre guillemets."),
    )

    objects = ResourceQuerySet.as_manager()
    history = HistoricalRecords()

    search_weights = {"A": ("title",), "B": ("summary", "text"), "C": ("authors", "publisher")}
    search_title_field = "title"

    class Meta:
        ordering = ("-released_on", "title")
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        permissions = [("publish_resource", _("Peut publier une ressource"))]
        constraints = [
            *Publishable.publication_constraints("resource"),
            *Reviewed.review_constraints("resource"),
            *Illustrated.image_constraints("resource"),
            *CallToAction.cta_constraints("resource"),
            FieldCheck(
                condition=Q(kind__in=ResourceKind.values),
                name="resource_kind_valid",
                field="kind",
                violation_error_message=_("Choisissez une sorte de ressource de la liste."),
            ),
        ]
        indexes = [
            models.Index(fields=("status", "publish_at", "kind"), name="resource_public_idx"),
            models.Index(fields=("kind", "released_on"), name="resource_kind_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    @property
    def credits(self):
        """Who made it: « Autrice — Éditeur », or whichever of the two is known."""
        return " — ".join(part for part in (self.authors, self.publisher) if part)

    @property
    def released_label(self):
        return long_date(self.released_on) if self.released_on else ""

    @property
    def byline_separator(self):
        """What comes between the credits and the date, when there are both."""
        return ", " if self.credits and self.released_on else ""

    @property
    def byline(self):
        """« Autrice — Éditeur, jeudi 12 octobre 2023 »: who made it and when it came out."""
        return f"{self.credits}{self.byline_separator}{self.released_label}"

    def search_detail(self):
        return " — ".join(part for part in (self.get_kind_display(), self.authors) if part)


class ResourceOrganisation(OrganisationLink):
    resource = OrganisationLink.entry_field(Resource, _("ressource"))

    class Meta(OrganisationLink.Meta):
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        constraints = [
            models.UniqueConstraint(
                fields=("resource", "organisation"), name="resource_organisation_unique"
            )
        ]
