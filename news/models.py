from functools import cached_property
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pare import richtext
from pare.dates import long_date
from pare.models import (
    CallToAction,
    Department,
    Illustrated,
    Organisation,
    OrganisationLink,
    Organised,
    OrganisedQuerySet,
    Publishable,
    Reviewed,
    Searchable,
)


class InitiativeQuerySet(OrganisedQuerySet):
    def in_region(self, region, with_national=False):
        """Initiatives in one of the region's departments, and national ones if asked."""
        links = Initiative.departments.through.objects
        condition = Q(pk__in=links.filter(department__region=region).values("initiative_id"))
        if with_national:
            condition |= ~Q(pk__in=links.values("initiative_id"))
        return self.filter(condition)

    def national(self):
        return self.exclude(pk__in=Initiative.departments.through.objects.values("initiative_id"))

    def with_related(self):
        """Fetch what the initiative partial shows, in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch("departments", queryset=Department.objects.order_by("name"))
        ).with_organisations()


class Contact(NamedTuple):
    label: str
    value: str
    href: str = ""


class Initiative(Organised, Publishable, Reviewed, Illustrated, CallToAction, Searchable):
    """News of an action, initiative or good practice somewhere in the network."""

    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=250, unique=True)
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="initiatives",
        verbose_name=_("départements"),
        help_text=_("Laissez vide pour une initiative nationale."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="InitiativeOrganisation",
        related_name="initiatives",
        blank=True,
        verbose_name=_("organisations porteuses"),
    )
    happened_on = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Facultative : la date qui fait l'actualité (une ouverture, un anniversaire)."),
    )
    text = models.TextField(_("texte"), blank=True, help_text=richtext.HELP_TEXT)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    social_network = models.CharField(
        _("réseau social"), max_length=40, blank=True, help_text=_("Par exemple « Snapchat ».")
    )
    social_account = models.CharField(
        _("compte sur le réseau social"),
        max_length=100,
        blank=True,
        help_text=_("Le nom du compte, par exemple « ecouteboussole »."),
    )

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords()

    search_weights = {"A": ("title",), "B": ("text",), "C": ("social_account",)}
    search_title_field = "title"

    class Meta:
        ordering = ("-publish_at", "title")
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Peut publier une initiative"))]
        constraints = [
            *Publishable.publication_constraints("initiative"),
            *Reviewed.review_constraints("initiative"),
            *Illustrated.image_constraints("initiative"),
            *CallToAction.cta_constraints("initiative"),
        ]
        indexes = [models.Index(fields=("status", "publish_at"), name="initiative_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    @cached_property
    def area(self):
        """« Haute-Loire et Puy-de-Dôme », or nothing for a national initiative."""
        names = [department.name for department in self.departments.all()]
        if len(names) < 2:
            return "".join(names)
        return _("%(names)s et %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}

    @property
    def area_label(self):
        """Where it happens: « Haute-Loire et Puy-de-Dôme », or « National »."""
        return self.area or _("National")

    @property
    def contacts(self):
        """The ways to reach the people behind it, each with its label and its link if any."""
        contacts = []
        if self.phone:
            contacts.append(
                Contact(_("Téléphone"), self.phone, f"tel:{self.phone.replace(' ', '')}")
            )
        if self.email:
            contacts.append(Contact(_("E-mail"), self.email, f"mailto:{self.email}"))
        if self.social_account:
            contacts.append(Contact(self.social_network or _("Réseau social"), self.social_account))
        return contacts

    @property
    def date_label(self):
        return long_date(self.happened_on) if self.happened_on else ""

    def search_detail(self):
        return capfirst(self.date_label)


class InitiativeOrganisation(OrganisationLink):
    initiative = OrganisationLink.entry_field(Initiative, _("initiative"))

    class Meta(OrganisationLink.Meta):
        verbose_name = _("organisation porteuse")
        verbose_name_plural = _("organisations porteuses")
        constraints = [
            models.UniqueConstraint(
                fields=("initiative", "organisation"), name="initiative_organisation_unique"
            )
        ]
