import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from localflavor.fr.fr_region import REGION_2016_CHOICES
from simple_history.models import HistoricalRecords

from events.models import Event
from news.models import Initiative
from pare import richtext
from pare.dates import quarter_label
from pare.geography import departments
from pare.models import (
    Department,
    FieldCheck,
    Illustrated,
    Publishable,
    PublishableQuerySet,
    Region,
    Searchable,
    Status,
    not_public_by,
    unpublished_organisations_message,
)
from resources.models import Resource


class IssueQuerySet(PublishableQuerySet):
    def with_counts(self):
        """Each issue with its number of public entries per section: count_agenda, …"""
        counts = {}
        for section in SECTIONS:
            items = (
                section.item_model.objects.filter(
                    issue=OuterRef("pk"), entry__in=section.entry_model.objects.published()
                )
                .order_by()
                .values("issue")
                .annotate(count=Count("pk"))
                .values("count")
            )
            counts[f"count_{section.slug}"] = Coalesce(
                Subquery(items, output_field=IntegerField()), 0
            )
        return self.annotate(**counts)


class Issue(Publishable, Searchable, Illustrated):
    """A quarterly issue: an introduction, a lead image and three ordered sections."""

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
    ready_for_review_at = models.DateTimeField(
        _("prêt à relire depuis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Quand la rédaction l'a signalé à la publication."),
    )

    objects = IssueQuerySet.as_manager()
    history = HistoricalRecords()

    search_weights = {"A": ("year",), "B": ("introduction",)}

    class Meta:
        ordering = ("-year", "-quarter")
        verbose_name = _("numéro")
        verbose_name_plural = _("numéros")
        permissions = [("publish_issue", _("Peut publier un numéro"))]
        constraints = [
            *Publishable.publication_constraints("issue"),
            *Illustrated.image_constraints("issue"),
            models.UniqueConstraint(
                fields=("year", "quarter"),
                name="issue_unique_quarter",
                violation_error_message=_("Un numéro existe déjà pour ce trimestre."),
            ),
            FieldCheck(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="issue_quarter_1_to_4",
                field="quarter",
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

    def sections(self, user):
        """Its sections in order, each with the entries this reader may see: for page and e-mail."""
        return [section.of(self, user) for section in SECTIONS]

    @classmethod
    def next_one(cls):
        """A new issue's starting values: the quarter after the latest, and its introduction."""
        latest = cls.objects.first()
        if latest is None:
            today = timezone.localdate()
            return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
        year, quarter = divmod(latest.year * 4 + latest.quarter, 4)
        return {"year": year, "quarter": quarter + 1, "introduction": latest.introduction}

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def previous(self):
        earlier = Q(year__lt=self.year) | Q(year=self.year, quarter__lt=self.quarter)
        return Issue.objects.filter(earlier).first()

    def proposals(self):
        """Per section, what no issue shows yet and this one could.

        Events from this quarter onwards in date order; initiatives and resources created or
        published since the previous issue went out (or was created, if it has not).
        """
        previous = self.previous
        since = previous and (previous.publish_at or previous.created_at)
        proposals = []
        for section in SECTIONS:
            entries = section.entry_model.objects.filter(issue_items__isnull=True).with_related()
            if section.entry_model is Event:
                entries = entries.filter(last_day__gte=self.first_day)  # in date order
            elif since:
                entries = entries.filter(Q(created_at__gte=since) | Q(publish_at__gte=since))
            proposals.append((section, entries))
        return proposals

    @transaction.atomic
    def add_entries(self, section, entries):
        """Add entries to a section: events go in date order among those already there."""
        model = section.item_model
        items = list(section.items(self).select_related("entry").order_by("position", "pk"))
        for entry in entries:
            item = model(issue=self, entry=entry)
            if section.entry_model is Event:
                later = next(
                    (i for i, other in enumerate(items) if other.entry.first_day > entry.first_day),
                    len(items),
                )
                items.insert(later, item)
            else:
                items.append(item)
        for position, item in enumerate(items):
            item.position = position
        model.objects.bulk_create([item for item in items if item.pk is None])
        model.objects.bulk_update([item for item in items if item.pk], ["position"])

    def warnings(self):
        """What staff should know, though nothing forbids it: events over, entries shown twice."""
        day = timezone.localdate(self.publish_at) if self.publish_at else timezone.localdate()
        warnings = [
            _("« %(event)s » sera terminé quand le numéro paraîtra.") % {"event": item.entry}
            for item in self.event_items.select_related("entry").filter(entry__last_day__lt=day)
        ]
        for section in SECTIONS:
            others = (
                section.item_model.objects.filter(entry__issue_items__issue=self)
                .exclude(issue=self)
                .select_related("entry", "issue")
            )
            warnings += [
                _("« %(entry)s » est déjà dans la %(issue)s.")
                % {"entry": item.entry, "issue": item.issue.title}
                for item in others
            ]
        return warnings

    @classmethod
    def awaiting_review(cls):
        """Draft issues the editors said are ready for a publisher to read."""
        return cls.objects.filter(status="draft", ready_for_review_at__isnull=False)

    def going_public(self):
        """Everything publishing this issue now makes public: its entries, their organisations."""
        entries = [item.entry for section in SECTIONS for item in section.items(self)]
        organisations = {
            link.organisation.pk: link.organisation
            for entry in entries
            for link in entry.organisation_links.select_related("organisation")
        }
        return [obj for obj in [*entries, *organisations.values()] if not obj.is_public]

    @transaction.atomic
    def publish_with_entries(self):
        """Publish the issue now, with the drafts it shows and their organisations."""
        now = timezone.now()
        for obj in [*self.going_public(), self]:
            obj.status, obj.publish_at = Status.PUBLISHED, now
            try:
                obj.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("« %(object)s » ne peut pas paraître : %(reason)s")
                    % {"object": obj, "reason": " ".join(error.messages)}
                ) from error
            obj.save()

    def unpublished_entries(self, entries=None, at=None):
        """Entries this issue points at that would not be public when it goes out."""
        return not_public_by(self.entries() if entries is None else entries, self._going_out(at))

    def entries(self):
        return [item.entry for section in SECTIONS for item in section.items(self)]

    def _going_out(self, at=None):
        return at or self.publish_at or timezone.now()

    def clean_publication(self, entries=None):
        """Refuse to publish an issue that points at drafts or at entries due after it.

        The organisations its entries name must be public by then too: the issue shows them.
        """
        if self.status != "published":
            return
        if entries is None:
            entries = self.entries()
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
        organisations = {
            organisation.pk: organisation
            for entry in entries
            for organisation in entry.linked_organisations
        }
        hidden = not_public_by(organisations.values(), self._going_out())
        if hidden:
            raise ValidationError(unpublished_organisations_message(hidden))


class IssueItem(models.Model):
    """One entry of an issue's section, at the place staff chose."""

    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ("position", "pk")

    def __str__(self):
        return str(self.entry)

    # What the admin's entry picker shows (pare/admin_site.py).

    @classmethod
    def picker_queryset(cls, queryset):
        return queryset.with_related().prefetch_related("issue_items__issue")

    @classmethod
    def picker_label(cls, entry):
        """« Colloque — 22 novembre 2023 · Gap · Brouillon · déjà dans : 3e trimestre 2023 »."""
        section = next(s for s in SECTIONS if s.item_model is cls)
        parts = [section.context(entry), entry.publication_label]
        issues = [item.issue.period for item in entry.issue_items.all()]
        if issues:
            parts.append(_("déjà dans : %(issues)s") % {"issues": ", ".join(issues)})
        return f"{entry} — {' · '.join(str(part) for part in parts if part)}"


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


@dataclass(frozen=True)
class Section:
    """A section of every issue: which items it holds, how it is headed, how its entries show."""

    slug: str
    label: str
    subtitle: str
    add_label: str  # the issue form's button
    item_model: type[IssueItem]
    partial: str
    email_partial: str
    text_partial: str
    context_fields: tuple[str, ...]  # what staff read beside a title when they pick entries
    located_in: "Callable[[models.Model], set[str]]"

    @property
    def entry_model(self):
        return self.item_model._meta.get_field("entry").related_model

    @property
    def anchor(self):
        """What its entries' headings are named after on a page: « event » in « event-12 »."""
        return self.entry_model._meta.model_name

    def items(self, issue):
        """The issue's items in this section, through its related manager (and any prefetch)."""
        issue_field = self.item_model._meta.get_field("issue")
        return getattr(issue, issue_field.remote_field.get_accessor_name()).all()

    def entries(self, issue, user):
        """Its entries in an issue, in the order staff set, as this reader may see them."""
        return (
            self.entry_model.objects.visible_to(user)
            .with_related()
            .filter(issue_items__issue=issue)
            .annotate(issue_position=F("issue_items__position"), issue_item=F("issue_items__pk"))
            .order_by("issue_position", "issue_item")
        )

    def context(self, entry):
        """« Du 21 au 23 novembre 2023 · Gap »: an entry's dates and place, or kind and byline."""
        values = (getattr(entry, name) for name in self.context_fields)
        return " · ".join(str(v() if callable(v) else v) for v in values if v)

    def of(self, issue, user):
        """This section in one issue, as templates read it: its fields and its entries."""
        return {**vars(self), "anchor": self.anchor, "entries": self.entries(issue, user)}


SECTIONS = (
    Section(
        slug="agenda",
        label=_("Agenda"),
        subtitle=_("Rencontres, colloques, conférences et formations"),
        add_label=_("Ajouter un événement"),
        item_model=IssueEvent,
        partial="events/_event.html",
        email_partial="newsletters/email/_event.html",
        text_partial="newsletters/email/_event.txt",
        context_fields=("when", "city", "department"),
        located_in=lambda event: {event.department_id} - {None},
    ),
    Section(
        slug="actualites",
        label=_("Actualités du réseau"),
        subtitle=_("Nouvelles actions, initiatives et bonnes pratiques"),
        add_label=_("Ajouter une initiative"),
        item_model=IssueInitiative,
        partial="news/_initiative.html",
        email_partial="newsletters/email/_initiative.html",
        text_partial="newsletters/email/_initiative.txt",
        context_fields=("area_label", "date_label"),
        located_in=lambda initiative: {
            department.code for department in initiative.departments.all()
        },
    ),
    Section(
        slug="ressources",
        label=_("Ressources"),
        subtitle=_("Livres, replays, podcasts, enquêtes et outils"),
        add_label=_("Ajouter une ressource"),
        item_model=IssueResource,
        partial="resources/_resource.html",
        email_partial="newsletters/email/_resource.html",
        text_partial="newsletters/email/_resource.txt",
        context_fields=("get_kind_display", "byline"),
        located_in=lambda resource: (
            {organisation.department_id for organisation in resource.organisation_list} - {None}
        ),
    ),
)


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("En attente de confirmation")
    CONFIRMED = "confirmed", _("Inscrit")
    UNSUBSCRIBED = "unsubscribed", _("Désinscrit")
    SUSPENDED = "suspended", _("Suspendu (adresse en échec)")


class SubscriptionSource(models.TextChoices):
    """Where the reader found the form they consented with."""

    PAGE = "page", _("Page d'inscription")
    HOME = "accueil", _("Page d'accueil")
    ISSUE = "numero", _("Page d'un numéro")
    FOOTER = "pied-de-page", _("Pied de page du site")
    EMAIL = "lettre", _("Lettre reçue par un tiers")
    IMPORT = "import", _("Import d'une liste existante")


REGION_OF_DEPARTMENT = {code: region for code, _name, region in departments()}


@dataclass(frozen=True)
class Territory:
    """The regions and departments a subscriber chose: what their e-mail puts first."""

    regions: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()

    def __bool__(self):
        return bool(self.regions or self.departments)

    def covers(self, department_codes):
        """Whether any of these departments lies in this territory."""
        return any(
            code in self.departments or REGION_OF_DEPARTMENT.get(code) in self.regions
            for code in department_codes
        )

    def label(self):
        """« Grand Est, Isère »: its regions, then the departments outside them."""
        names = dict(REGION_2016_CHOICES)
        regions = sorted(names[code] for code in self.regions if code in names)
        department_names = {code: name for code, name, _region in departments()}
        others = sorted(
            department_names[code]
            for code in self.departments
            if code in department_names and REGION_OF_DEPARTMENT.get(code) not in self.regions
        )
        return ", ".join(regions + others)


CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)
CONFIRMATION_RESEND_AFTER = datetime.timedelta(minutes=10)
SUBSCRIBER_NUMBER = re.compile(r"[0-9]{1,18}")


class ImportMode(models.TextChoices):
    CONSENTED = "consentis", _("Déjà consentis : inscrits tout de suite")
    INVITE = "a-inviter", _("À inviter : un e-mail leur demande de confirmer")


class SubscriberImport(models.Model):
    """A file of addresses a publisher brought in: who, when, which file, what it did."""

    shown_on_pages = False

    file_name = models.CharField(_("fichier"), max_length=255)
    mode = models.CharField(_("type d'import"), max_length=20, choices=ImportMode)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importé par"),
    )
    imported_by_name = models.CharField(
        _("nom de la personne"),
        max_length=200,
        help_text=_("Gardé même si son compte est supprimé : il dit qui a importé."),
    )
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)
    line_count = models.PositiveIntegerField(_("lignes lues"), default=0)
    created_count = models.PositiveIntegerField(_("adresses nouvelles"), default=0)
    merged_count = models.PositiveIntegerField(_("adresses déjà présentes, complétées"), default=0)
    left_alone_count = models.PositiveIntegerField(
        _("adresses désinscrites ou suspendues, laissées telles quelles"), default=0
    )
    rejected_count = models.PositiveIntegerField(_("lignes en erreur, ignorées"), default=0)
    report = models.TextField(_("détail ligne par ligne"), blank=True)
    invitations_sent = models.PositiveIntegerField(_("invitations envoyées"), default=0)

    class Meta:
        ordering = ("-imported_at", "-pk")
        verbose_name = _("import d'abonnés")
        verbose_name_plural = _("imports d'abonnés")

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.imported_at):%d/%m/%Y %H:%M})"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)

    def request_subscription(self, email, source):
        """Record a request to subscribe; return the subscriber to send a confirmation to, if any.

        A confirmed address is left alone, and a pending one is sent a new link at most every
        few minutes, so that the form cannot be used to flood someone's mailbox.
        """
        now = timezone.now()
        subscriber = self.filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    return self.create(email=email, source=source, requested_at=now)
            except IntegrityError:
                return None
        if subscriber.status == SubscriberStatus.CONFIRMED:
            return None
        if (
            subscriber.status == SubscriberStatus.PENDING
            and now - subscriber.requested_at < CONFIRMATION_RESEND_AFTER
        ):
            return None
        subscriber.status = SubscriberStatus.PENDING
        subscriber.source = source
        subscriber.requested_at = now
        subscriber.save(update_fields=("status", "source", "requested_at"))
        return subscriber


class Subscriber(models.Model):
    """A reader's address, mailed only once they confirmed it (double opt-in)."""

    shown_on_pages = False

    email = models.EmailField(_("adresse e-mail"))
    name = models.CharField(_("nom"), max_length=200, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=SubscriberStatus,
        default=SubscriberStatus.PENDING,
        db_index=True,
    )
    source = models.CharField(
        _("formulaire d'inscription"),
        max_length=20,
        choices=SubscriptionSource,
        default=SubscriptionSource.PAGE,
    )
    requested_at = models.DateTimeField(
        _("inscription demandée le"),
        default=timezone.now,
        help_text=_("La dernière demande : seul le lien de confirmation envoyé alors est valable."),
    )
    confirmed_at = models.DateTimeField(
        _("consentement donné le"),
        null=True,
        blank=True,
        help_text=_("Quand la personne a confirmé son inscription par le lien reçu."),
    )
    consent_source = models.CharField(
        _("origine du consentement"),
        max_length=200,
        blank=True,
        help_text=_("Pour une adresse importée : où et comment la personne a donné son accord."),
    )
    imported_in = models.ForeignKey(
        SubscriberImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscribers",
        verbose_name=_("importé par le fichier"),
    )
    awaiting_invitation = models.BooleanField(
        _("invitation à envoyer"),
        default=False,
        help_text=_("Importé « à inviter » : l'e-mail de confirmation part en arrière-plan."),
    )
    unsubscribed_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("régions choisies"),
        help_text=_("Ce qui s'y passe vient en tête de sa lettre. Aucune : l'édition nationale."),
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("départements choisis")
    )
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)
    suspension_reason = models.TextField(_("raison de la suspension"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at", "pk")
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="subscriber_unique_email",
                violation_error_message=_("Cette adresse est déjà enregistrée."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubscriberStatus.values), name="subscriber_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=SubscriptionSource.values), name="subscriber_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SubscriberStatus.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="subscriber_confirmed_has_consent_date",
            ),
        ]

    def __str__(self):
        return self.email

    def confirm(self):
        """Record the consent; confirming again changes nothing."""
        if self.status != SubscriberStatus.CONFIRMED:
            self.status = SubscriberStatus.CONFIRMED
            self.confirmed_at = timezone.now()
            self.save(update_fields=("status", "confirmed_at"))

    def unsubscribe(self):
        """Never mail this address again, not even the rest of a sending under way."""
        if self.status != SubscriberStatus.UNSUBSCRIBED:
            self.status = SubscriberStatus.UNSUBSCRIBED
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=("status", "unsubscribed_at"))
        self.deliveries.waiting().update(status=DeliveryStatus.SKIPPED)

    def territory(self):
        """Its choice of regions and departments (prefetch both to read many)."""
        return Territory(
            frozenset(region.pk for region in self.regions.all()),
            frozenset(department.pk for department in self.departments.all()),
        )

    def suspend(self, reason):
        """Stop mailing an address that fails, with the reason staff read; they may reinstate it."""
        if self.status == SubscriberStatus.CONFIRMED:
            self.status = SubscriberStatus.SUSPENDED
            self.suspended_at = timezone.now()
            self.suspension_reason = reason
            self.save(update_fields=("status", "suspended_at", "suspension_reason"))
        self.deliveries.waiting().update(status=DeliveryStatus.SKIPPED)

    def reinstate(self):
        """Mail a suspended address again, from the next sending; its consent still stands."""
        if self.status == SubscriberStatus.SUSPENDED:
            self.status = SubscriberStatus.CONFIRMED
            self.suspended_at = None
            self.suspension_reason = ""
            self.save(update_fields=("status", "suspended_at", "suspension_reason"))
            return True
        return False

    # Tokens: the subscriber's number, signed with a key that includes the address (and, for the
    # confirmation, the time of the request), so that a link works for this subscriber only.

    def _confirmation_signer(self):
        requested = self.requested_at.astimezone(datetime.UTC).isoformat()
        salt = f"newsletters.confirm:{self.email.lower()}:{requested}"
        return signing.TimestampSigner(salt=salt)

    def _unsubscribe_signer(self):
        # The time of the request names this subscription: a later one gets other tokens.
        requested = self.requested_at.astimezone(datetime.UTC).isoformat()
        return signing.Signer(salt=f"newsletters.unsubscribe:{self.email.lower()}:{requested}")

    def _preferences_signer(self):
        return signing.Signer(salt=f"newsletters.preferences:{self.email.lower()}")

    def confirmation_token(self):
        """A new signature at each call (it holds the time): valid for CONFIRMATION_MAX_AGE."""
        return self._confirmation_signer().sign(str(self.pk))

    @property
    def unsubscribe_token(self):
        return self._unsubscribe_signer().sign(str(self.pk))

    @property
    def preferences_token(self):
        return self._preferences_signer().sign(str(self.pk))

    @classmethod
    def _from_token(cls, token):
        number = token.split(":", 1)[0]
        subscriber = None
        if SUBSCRIBER_NUMBER.fullmatch(number):
            subscriber = cls.objects.filter(pk=int(number)).first()
        if subscriber is None:
            raise signing.BadSignature("Unknown subscriber.")
        return subscriber

    @classmethod
    def from_confirmation_token(cls, token):
        """The subscriber a confirmation link names; SignatureExpired after seven days."""
        subscriber = cls._from_token(token)
        subscriber._confirmation_signer().unsign(token, max_age=CONFIRMATION_MAX_AGE)
        return subscriber

    @classmethod
    def from_unsubscribe_token(cls, token):
        """The subscriber an unsubscribe link names, while that subscription lasts.

        SubscriptionEnded once they left; a token of an earlier subscription of the same
        address (before it was renewed) no longer matches its signature.
        """
        subscriber = cls._from_token(token)
        subscriber._unsubscribe_signer().unsign(token)
        if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            raise SubscriptionEnded("This subscription has ended.")
        return subscriber

    @classmethod
    def from_preferences_token(cls, token):
        subscriber = cls._from_token(token)
        subscriber._preferences_signer().unsign(token)
        return subscriber

    @property
    def masked_email(self):
        """« l…@example.org »: whoever holds a forwarded link does not learn the whole address."""
        local, _at, domain = self.email.partition("@")
        return f"{local[:1]}…@{domain}"


class SubscriptionEnded(signing.BadSignature):
    """A valid unsubscribe token whose subscription has ended."""


def mailbox(email):
    """The mailbox an address reaches: « Victime+42@Example.org » → « victime@example.org »."""
    local, _at, domain = email.casefold().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


class SendJobStatus(models.TextChoices):
    QUEUED = "queued", _("En file d'attente")
    RUNNING = "running", _("En cours")
    INTERRUPTED = "interrupted", _("Interrompu")
    DONE = "done", _("Terminé")


class SendJob(models.Model):
    """The sending of an issue to every confirmed subscriber, run in the background."""

    shown_on_pages = False

    issue = models.OneToOneField(
        Issue, on_delete=models.PROTECT, related_name="send_job", verbose_name=_("numéro")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=SendJobStatus, default=SendJobStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancé par"),
    )
    created_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("dernier démarrage"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    retry_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    scheduled_for = models.DateTimeField(
        _("programmé pour"),
        null=True,
        blank=True,
        help_text=_("L'heure où le worker commence l'envoi ; annulable jusque-là."),
    )
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SendJobStatus.values), name="sendjob_status_valid"
            )
        ]

    def __str__(self):
        return _("Envoi de la %(issue)s") % {"issue": self.issue.title}

    @property
    def is_cancellable(self):
        """A scheduled sending that has not started yet."""
        return (
            bool(self.scheduled_for) and self.status == SendJobStatus.QUEUED and not self.started_at
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENDING = "sending", _("En cours d'envoi")
    RETRY = "retry", _("À réessayer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    SKIPPED = "skipped", _("Annulé (désinscrit ou suspendu)")


class DeliveryQuerySet(models.QuerySet):
    def waiting(self):
        """Not sent yet, and not in anyone's hands: to send, or to try again."""
        return self.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRY))

    def due(self, now):
        """Waiting, and due at this moment: retries only once their delay has passed."""
        return self.filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
        )

    def sending(self):
        """Claimed by a worker, their fate not known yet."""
        return self.filter(status=DeliveryStatus.SENDING)

    def progress(self):
        """How far the sending is: sent, failed, remaining, cancelled (unsubscribed), in all."""
        return self.aggregate(
            sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
            failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            skipped=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED)),
            remaining=Count(
                "pk",
                filter=Q(
                    status__in=(
                        DeliveryStatus.PENDING,
                        DeliveryStatus.RETRY,
                        DeliveryStatus.SENDING,
                    )
                ),
            ),
            total=Count("pk"),
        )


class Delivery(models.Model):
    """One issue for one subscriber: a row that exists once, so the issue goes out once."""

    shown_on_pages = False

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("numéro")
    )
    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonné"),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    claim = models.UUIDField(_("lot d'envoi"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ("pk",)
        verbose_name = _("envoi à un abonné")
        verbose_name_plural = _("envois aux abonnés")
        constraints = [
            models.UniqueConstraint(
                fields=("issue", "subscriber"), name="delivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
        ]
        indexes = [models.Index(fields=("issue", "status"), name="delivery_issue_status_idx")]

    def __str__(self):
        return f"{self.issue} → {self.subscriber}"


class BounceKind(models.TextChoices):
    HARD = "hard", _("Échec définitif")
    SOFT = "soft", _("Échec temporaire")
    COMPLAINT = "complaint", _("Signalé comme indésirable")


class Bounce(models.Model):
    """A delivery failure or complaint report read from the bounce mailbox (process_bounces)."""

    shown_on_pages = False

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="bounces", verbose_name=_("abonné")
    )
    issue = models.ForeignKey(
        Issue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bounces",
        verbose_name=_("numéro"),
    )
    kind = models.CharField(_("sorte"), max_length=20, choices=BounceKind)
    status = models.CharField(_("code d'état"), max_length=20, blank=True)
    diagnostic = models.TextField(_("diagnostic"), blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)

    class Meta:
        ordering = ("-received_at", "-pk")
        verbose_name = _("retour d'e-mail")
        verbose_name_plural = _("retours d'e-mails")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BounceKind.values), name="bounce_kind_valid"
            )
        ]
        indexes = [
            models.Index(fields=("subscriber", "kind", "received_at"), name="bounce_recent_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.subscriber}"


class IssueLink(models.Model):
    """A web link of an issue's e-mail, which the click-counting redirect knows by its number."""

    shown_on_pages = False

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="links", verbose_name=_("numéro")
    )
    url = models.URLField(_("adresse"), max_length=2000)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("lien de la lettre")
        verbose_name_plural = _("liens de la lettre")
        constraints = [models.UniqueConstraint(fields=("issue", "url"), name="issue_link_unique")]

    def __str__(self):
        return self.url


class ReachKind(models.TextChoices):
    VIEW = "view", _("Vues de la page du numéro")
    BROWSER = "browser", _("« Afficher dans le navigateur »")
    CALENDAR = "calendar", _("Ajouts à un agenda (.ics)")
    CLICK = "click", _("Clics sur un lien de la lettre")


class ReachCount(models.Model):
    """A daily total, and nothing about who: no cookie, address or identifier is kept."""

    shown_on_pages = False

    day = models.DateField(_("jour"))
    kind = models.CharField(_("sorte"), max_length=20, choices=ReachKind)
    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reach_counts",
        verbose_name=_("numéro"),
    )
    target = models.CharField(
        _("page ou lien"), max_length=1000, blank=True, help_text=_("Le chemin ou l'adresse.")
    )
    count = models.PositiveIntegerField(_("total"), default=0)

    class Meta:
        ordering = ("-day", "kind")
        verbose_name = _("total du jour")
        verbose_name_plural = _("totaux par jour")
        constraints = [
            models.UniqueConstraint(
                "day", "kind", Coalesce("issue", 0), "target", name="reach_count_unique"
            ),
            models.CheckConstraint(condition=Q(kind__in=ReachKind.values), name="reach_kind_valid"),
        ]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()} {self.target}: {self.count}"


class MailboxRound(models.Model):
    """The bounce mailbox's rounds in the worker: one at a time, and one queued at most.

    One row; newsletters.tasks claims it with conditional updates, which one process wins.
    """

    shown_on_pages = False

    queued_for = models.DateTimeField(_("prochain passage prévu le"), null=True, blank=True)
    running_until = models.DateTimeField(
        _("passage en cours, au plus tard jusqu'au"), null=True, blank=True
    )
    finished_at = models.DateTimeField(_("dernier passage terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("passage dans la boîte des retours")
        verbose_name_plural = _("passages dans la boîte des retours")

    def __str__(self):
        return str(self._meta.verbose_name)
