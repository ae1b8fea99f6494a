from functools import cached_property

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pare import richtext
from pare.models import (
    CallToAction,
    DaySpan,
    Department,
    FieldCheck,
    Illustrated,
    Organisation,
    OrganisationLink,
    Organised,
    OrganisedQuerySet,
    Publishable,
    Reviewed,
    Searchable,
    Status,
    in_france_or_abroad,
)


class EventKind(models.TextChoices):
    WEBINAR = "webinaire", _("Webinaire")
    TRAINING = "formation", _("Formation")
    SYMPOSIUM = "colloque", _("Colloque")
    CONFERENCE = "conference", _("Conférence")
    ROUND_TABLE = "table-ronde", _("Table ronde")
    SCREENING = "projection-debat", _("Projection-débat")
    MOCK_TRIAL = "proces-fictif", _("Procès fictif")
    PRESENTATION = "presentation", _("Présentation publique")
    OTHER = "autre", _("Autre rencontre")


class Registration(models.TextChoices):
    NOT_APPLICABLE = "sans-objet", _("Sans objet (pas d'inscription)")
    OPEN = "ouvertes", _("Inscriptions ouvertes")
    FULL = "complet", _("Complet")
    CLOSED = "closes", _("Inscriptions closes")


# What readers read for each status; nothing when there is nothing to register for.
REGISTRATION_LINES = {
    Registration.NOT_APPLICABLE: "",
    Registration.OPEN: _("Inscriptions ouvertes"),
    Registration.FULL: _("Complet"),
    Registration.CLOSED: _("Inscriptions closes"),
}


class EventQuerySet(OrganisedQuerySet):
    def upcoming(self):
        """Events not over yet (a multi-day event stays until its last day)."""
        return self.filter(last_day__gte=timezone.localdate())

    def past(self):
        return self.filter(last_day__lt=timezone.localdate())

    def latest_past(self):
        """Past events, the latest first: what a page shows when nothing is upcoming."""
        return self.past().order_by("-first_day", "-start_time", "title")

    def in_region(self, region):
        return self.filter(department__region=region)

    def with_places(self):
        """Events one can still attend: registration open, or none needed."""
        return self.exclude(registration__in=(Registration.FULL, Registration.CLOSED))

    def with_related(self):
        """Fetch what the event partial shows, in a fixed number of queries."""
        return (
            self.select_related("department__region")
            .prefetch_related("sessions")
            .with_organisations()
        )


class Event(Organised, Publishable, Reviewed, Illustrated, CallToAction, DaySpan, Searchable):
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=250, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind, default=EventKind.OTHER)
    text = models.TextField(
        _("texte"),
        blank=True,
        help_text=richtext.HELP_TEXT,
    )
    is_online = models.BooleanField(
        _("en ligne"), default=False, help_text=_("Cochez pour un événement en visioconférence.")
    )
    online_details = models.CharField(
        _("précisions sur la visio"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple « sur Teams ». Le lien de connexion va dans le bouton."),
    )
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("département"),
    )
    abroad = models.CharField(
        _("à l'étranger"),
        max_length=100,
        blank=True,
        help_text=_("Pays, pour un événement hors de France."),
    )
    organisers = models.ManyToManyField(
        Organisation,
        through="EventOrganiser",
        related_name="events",
        blank=True,
        verbose_name=_("organisateurs"),
    )
    is_free = models.BooleanField(_("gratuit"), default=False)
    price = models.CharField(
        _("tarif"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple « 400 € TTC par participant »."),
    )
    registration = models.CharField(
        _("inscriptions"),
        max_length=12,
        choices=Registration,
        default=Registration.NOT_APPLICABLE,
        help_text=_(
            "« Complet » et « Inscriptions closes » retirent l'événement du filtre « places "
            "disponibles » ; le bouton reste, pour une liste d'attente par exemple."
        ),
    )
    registration_note = models.CharField(
        _("modalités d'inscription"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « sur inscription » ou « avant le 10 novembre »."),
    )
    capacity = models.CharField(
        _("jauge"),
        max_length=150,
        blank=True,
        help_text=_("Par exemple « quinze personnes au maximum par module »."),
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    search_weights = {"A": ("title",), "B": ("text",), "C": ("venue", "city", "online_details")}
    search_title_field = "title"
    search_related = ("department",)

    class Meta:
        ordering = ("first_day", "start_time", "title")
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        permissions = [("publish_event", _("Peut publier un événement"))]
        constraints = [
            *Publishable.publication_constraints("event"),
            *Reviewed.review_constraints("event"),
            *Illustrated.image_constraints("event"),
            *CallToAction.cta_constraints("event"),
            FieldCheck(
                condition=Q(kind__in=EventKind.values),
                name="event_kind_valid",
                field="kind",
                violation_error_message=_("Choisissez un type d'événement de la liste."),
            ),
            *DaySpan.day_span_constraints("event"),
            FieldCheck(
                condition=Q(is_free=False) | Q(price=""),
                name="event_free_has_no_price",
                field="price",
                violation_error_message=_(
                    "Un événement gratuit n'a pas de tarif : décochez « gratuit » ou videz "
                    "le tarif."
                ),
            ),
            in_france_or_abroad(
                "event",
                _(
                    "Un événement est soit dans un département, soit à l'étranger : "
                    "videz l'un des deux."
                ),
            ),
            FieldCheck(
                condition=Q(status=Status.DRAFT)
                | Q(is_online=True)
                | ~Q(abroad="")
                | Q(department__isnull=False),
                name="event_in_france_names_its_department",
                field="department",
                violation_error_message=_(
                    "Indiquez le département où il a lieu (il apparaît ainsi dans le filtre de "
                    "sa région), ou cochez « en ligne », ou indiquez le pays s'il est à "
                    "l'étranger."
                ),
            ),
            FieldCheck(
                condition=Q(registration__in=Registration.values),
                name="event_registration_valid",
                field="registration",
                violation_error_message=_("Choisissez un état des inscriptions de la liste."),
            ),
        ]
        indexes = [
            models.Index(fields=("status", "publish_at", "last_day"), name="event_public_idx"),
            models.Index(fields=("first_day", "last_day"), name="event_days_idx"),
            models.Index(fields=("kind", "first_day"), name="event_kind_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @cached_property
    def place(self):
        """Where it happens, as one line: « Cinéma le Palace, Mulhouse »."""
        parts = [
            self.venue,
            self.address,
            self.city or (self.department.name if self.department else ""),
        ]
        seen = []
        for part in parts:
            if part and part not in seen:
                seen.append(part)
        if self.abroad:
            seen.append(self.abroad)
        return ", ".join(seen)

    @property
    def where(self):
        """« En visio sur Teams », « Cinéma le Palace, Mulhouse », or both, joined by a dash."""
        online = " ".join(filter(None, (str(_("En visio")), self.online_details)))
        return " — ".join(filter(None, (online if self.is_online else "", self.place)))

    @property
    def cost(self):
        return _("Gratuit") if self.is_free else self.price

    @property
    def cost_line(self):
        """« Gratuit, sur inscription », « 400 € TTC par participant »."""
        return ", ".join(str(part) for part in (self.cost, self.registration_note) if part)

    @property
    def kind_line(self):
        """« Webinaire », and « Webinaire · Événement passé » once it is over."""
        parts = [self.get_kind_display(), _("Événement passé") if self.is_over else ""]
        return " · ".join(str(part) for part in parts if part)

    @property
    def is_over(self):
        return self.last_day < timezone.localdate()

    @property
    def registration_line(self):
        """« Complet », « Inscriptions closes »…: nothing once the event is over."""
        return "" if self.is_over else str(REGISTRATION_LINES[self.registration])

    def search_detail(self):
        return ", ".join(part for part in (capfirst(self.dates), self.city) if part)


class EventOrganiser(OrganisationLink):
    event = OrganisationLink.entry_field(Event, _("événement"))

    class Meta(OrganisationLink.Meta):
        verbose_name = _("organisateur")
        verbose_name_plural = _("organisateurs")
        constraints = [
            models.UniqueConstraint(fields=("event", "organisation"), name="event_organiser_unique")
        ]

    @classmethod
    def on_organisation_page(cls, organisation):
        """Its events to come, then the last ten past."""
        events = organisation.events.published().with_related()
        return {
            "events": events.upcoming(),
            "past_events": events.past().order_by("-first_day")[:10],
        }


class Session(DaySpan):
    """One module of a multi-session event, with its own days and title."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("événement")
    )
    title = models.CharField(_("titre"), max_length=250)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ("position", "first_day", "pk")
        verbose_name = _("session")
        verbose_name_plural = _("sessions (modules)")
        constraints = DaySpan.day_span_constraints("session")

    def __str__(self):
        return self.title
