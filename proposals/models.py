"""What the field proposes (an event, an initiative or a resource), for staff to moderate.

A proposal waits unconfirmed until its author opens the link mailed to them; only then do staff
see it. Accepting it makes a draft entry (nothing of it is public until a publisher publishes
that entry); declining records who and why. The author's name, organisation and address are never
published, and are erased a set time after the decision (PROPOSAL_RETENTION_DAYS).
"""

import datetime
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventKind, EventOrganiser
from news.models import Initiative, InitiativeOrganisation
from pare.collation import fold
from pare.links import SignedLink
from pare.models import Department, Organisation, Status
from resources.models import Resource, ResourceKind, ResourceOrganisation

CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


class Kind(models.TextChoices):
    EVENT = "evenement", _("Un événement")
    INITIATIVE = "initiative", _("Une initiative")
    RESOURCE = "ressource", _("Une ressource")


class State(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Adresse non confirmée")
    PENDING = "pending", _("À examiner")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Refusée")


class ProposalQuerySet(models.QuerySet):
    def confirmed(self):
        """What staff see: proposals whose author confirmed their address."""
        return self.exclude(state=State.UNCONFIRMED)

    def to_review(self):
        return self.filter(state=State.PENDING)

    def unconfirmed_expired(self, now=None):
        now = now or timezone.now()
        return self.filter(state=State.UNCONFIRMED, created_at__lt=now - CONFIRMATION_MAX_AGE)

    def due_for_erasure(self, now=None):
        now = now or timezone.now()
        kept = datetime.timedelta(days=settings.PROPOSAL_RETENTION_DAYS)
        return self.filter(
            state__in=(State.ACCEPTED, State.DECLINED),
            decided_at__lt=now - kept,
            erased_at__isnull=True,
        )

    def awaiting_publication_notice(self):
        """Accepted proposals whose entry is public and whose author was not yet told."""
        public = (
            Q(event__in=Event.objects.published())
            | Q(initiative__in=Initiative.objects.published())
            | Q(resource__in=Resource.objects.published())
        )
        return self.filter(public, state=State.ACCEPTED, notified_at__isnull=True)


class Proposal(models.Model):
    """An event, initiative or resource a professional proposes, and what staff decided."""

    shown_on_pages = False  # saving one leaves the cached pages alone

    kind = models.CharField(_("sorte"), max_length=20, choices=Kind)
    state = models.CharField(
        _("état"), max_length=20, choices=State, default=State.UNCONFIRMED, db_index=True
    )

    # What it is about: the facts staff would enter, fewer of them.
    title = models.CharField(_("titre"), max_length=250)
    entry_type = models.CharField(_("type"), max_length=20, blank=True)
    first_day = models.DateField(_("premier jour"), null=True, blank=True)
    last_day = models.DateField(_("dernier jour"), null=True, blank=True)
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    is_online = models.BooleanField(_("en ligne"), default=False)
    venue = models.CharField(_("lieu"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    organisation_name = models.CharField(_("organisateur ou porteur"), max_length=200, blank=True)
    authors = models.CharField(_("auteurs"), max_length=300, blank=True)
    text = models.TextField(_("texte"), max_length=5000, blank=True)
    link = models.URLField(_("lien"), max_length=500, blank=True)
    contact_email = models.EmailField(_("adresse e-mail du bouton"), blank=True)
    # The image, re-encoded without its metadata, is kept in the database: never in the public
    # media storage before a person accepted it.
    image = models.BinaryField(_("image"), blank=True, default=b"", editable=False)
    image_format = models.CharField(
        _("format de l'image"), max_length=4, blank=True, editable=False
    )
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)

    # Who proposes: never published, erased a set time after the decision.
    proposer_name = models.CharField(_("nom de la personne"), max_length=150, blank=True)
    proposer_organisation = models.CharField(_("sa structure"), max_length=200, blank=True)
    proposer_email = models.EmailField(_("son adresse e-mail"), blank=True)
    consents_to_contact = models.BooleanField(_("accepte d'être contactée"), default=False)

    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decline_reason = models.TextField(
        _("motif du refus"),
        blank=True,
        help_text=_("Pour l'équipe : pourquoi cette proposition n'est pas retenue."),
    )
    message_to_proposer = models.TextField(
        _("mot pour la personne"),
        blank=True,
        help_text=_("Facultatif : ajouté tel quel à l'e-mail qui lui annonce le refus."),
    )
    notified_at = models.DateTimeField(_("personne prévenue le"), null=True, blank=True)
    erased_at = models.DateTimeField(_("données personnelles effacées le"), null=True, blank=True)

    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("événement créé"),
    )
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("initiative créée"),
    )
    resource = models.OneToOneField(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("ressource créée"),
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="proposal_kind_valid"),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(image_format="") | ~Q(image_alt=""), name="proposal_image_has_alt"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=(State.ACCEPTED, State.DECLINED))
                | Q(decided_at__isnull=False),
                name="proposal_decision_has_date",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True, initiative__isnull=True)
                | Q(event__isnull=True, resource__isnull=True)
                | Q(initiative__isnull=True, resource__isnull=True),
                name="proposal_one_entry",
            ),
        ]
        indexes = [models.Index(fields=("state", "decided_at"), name="proposal_erasure_idx")]

    def __str__(self):
        return self.title

    @property
    def entry(self):
        return self.event or self.initiative or self.resource

    @property
    def entry_model(self):
        return {Kind.EVENT: Event, Kind.INITIATIVE: Initiative}.get(self.kind, Resource)

    @property
    def entry_type_label(self):
        choices = {Kind.EVENT: EventKind, Kind.RESOURCE: ResourceKind}.get(self.kind)
        return dict(choices.choices).get(self.entry_type, "") if choices else ""

    def confirmation_token(self):
        """A new signature at each call (it holds the time): valid for CONFIRMATION_MAX_AGE."""
        return CONFIRMATION_LINK.token(self)

    @classmethod
    def from_confirmation_token(cls, token):
        """The proposal a link names; SignatureExpired once it may no longer be confirmed."""
        return CONFIRMATION_LINK.resolve(cls.objects.filter(erased_at__isnull=True), token)

    def confirm(self):
        """Hand the proposal to staff; confirming again changes nothing."""
        if self.state == State.UNCONFIRMED:
            self.state = State.PENDING
            self.confirmed_at = timezone.now()
            self.save(update_fields=("state", "confirmed_at"))

    @property
    def image_type(self):
        return IMAGE_TYPES.get(self.image_format, ("", ""))[0]

    # Decisions.

    @transaction.atomic
    def accept(self, user):
        """Make the draft entry this proposal describes, and return it."""
        entry = {Event: self._draft_event, Initiative: self._draft_initiative}.get(
            self.entry_model, self._draft_resource
        )()
        setattr(self, entry._meta.model_name, entry)
        self.state, self.decided_at, self.decided_by = State.ACCEPTED, timezone.now(), user
        self.save()
        return entry

    def decline(self, user, reason, message=""):
        self.state, self.decided_at, self.decided_by = State.DECLINED, timezone.now(), user
        self.decline_reason, self.message_to_proposer = reason, message
        self.save(
            update_fields=(
                "state",
                "decided_at",
                "decided_by",
                "decline_reason",
                "message_to_proposer",
            )
        )

    def erase_personal_data(self):
        """Forget who proposed it (and the image they sent); the entry made from it stays."""
        self.proposer_name = self.proposer_organisation = self.proposer_email = ""
        self.image, self.image_format, self.image_alt = b"", "", ""
        self.erased_at = timezone.now()
        self.save(
            update_fields=(
                "proposer_name",
                "proposer_organisation",
                "proposer_email",
                "image",
                "image_format",
                "image_alt",
                "erased_at",
            )
        )

    def _common(self, model):
        fields = {
            "title": self.title,
            "slug": unique_slug(model, self.title),
            "status": Status.DRAFT,
            "text": self.text,
            "image_alt": self.image_alt if self.image else "",
        }
        if self.link or self.contact_email:
            fields["cta_label"] = _("En savoir plus") if self.link else _("Écrire")
            fields["cta_url"] = self.link
            fields["cta_email"] = "" if self.link else self.contact_email
        if self.image:
            extension = IMAGE_TYPES[self.image_format][1]
            fields["image"] = ContentFile(
                bytes(self.image), name=f"proposition-{secrets.token_hex(6)}.{extension}"
            )
        return fields

    def _draft_event(self):
        event = Event.objects.create(
            **self._common(Event),
            kind=self.entry_type or EventKind.OTHER,
            first_day=self.first_day,
            last_day=self.last_day or self.first_day,
            start_time=self.start_time,
            end_time=self.end_time,
            is_online=self.is_online,
            venue=self.venue,
            address=self.address,
            city=self.city,
            department=self.department,
        )
        if organisation := self.organisation():
            EventOrganiser.objects.create(event=event, organisation=organisation)
        return event

    def _draft_initiative(self):
        initiative = Initiative.objects.create(**self._common(Initiative))
        if self.department_id:
            initiative.departments.add(self.department_id)
        if organisation := self.organisation():
            InitiativeOrganisation.objects.create(initiative=initiative, organisation=organisation)
        return initiative

    def _draft_resource(self):
        resource = Resource.objects.create(
            **self._common(Resource),
            kind=self.entry_type or ResourceKind.OTHER,
            authors=self.authors,
        )
        if organisation := self.organisation():
            ResourceOrganisation.objects.create(resource=resource, organisation=organisation)
        return resource

    def organisation(self):
        """The partner the proposal names (by name or acronym, as a French reader compares
        them), or a new draft organisation of that name; None if it names none."""
        name = " ".join(self.organisation_name.split())
        if not name:
            return None
        wanted = fold(name)
        for pk, *names in Organisation.objects.values_list("pk", "name", "acronym"):
            if wanted in {fold(n) for n in names if n}:
                return Organisation.objects.get(pk=pk)
        return Organisation.objects.create(
            name=name, slug=unique_slug(Organisation, name), status=Status.DRAFT
        )


def _confirmation_salt(proposal):
    """As for subscriptions: the address and the time it was sent make the link's key."""
    created = proposal.created_at.astimezone(datetime.UTC).isoformat()
    return f"proposals.confirm:{proposal.proposer_email.lower()}:{created}"


CONFIRMATION_LINK = SignedLink(_confirmation_salt, max_age=CONFIRMATION_MAX_AGE)


def unique_slug(model, title):
    """A slug from title that no row of model has yet: « titre », « titre-2 », …"""
    room = model._meta.get_field("slug").max_length - 6
    base = (slugify(title) or "proposition")[:room].rstrip("-")
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
