"""What every app shares: geography, partner organisations, publication, images, calls to action."""

from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pare import images, richtext
from pare.collation import French
from pare.dates import date_range, moment, time_range

CACHE_KEY = "pare:site-profile"


class FieldCheck(models.CheckConstraint):
    """A CheckConstraint whose message, in plain French, goes next to the field it concerns.

    The database knows it as a plain CheckConstraint (the field is the admin's business only).
    """

    def __init__(self, *, field, violation_error_message, **kwargs):
        self.field = field
        super().__init__(violation_error_message=violation_error_message, **kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        _, args, kwargs = self.deconstruct()
        return self.__class__(*args, field=self.field, **kwargs)


class Region(models.Model):
    """One of France's 18 regions (2016 INSEE codes)."""

    code = models.CharField(_("code INSEE"), max_length=2, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=100, unique=True)

    class Meta:
        ordering = (French("name").asc(),)
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Department(models.Model):
    """A French department, overseas included; overseas collectivities belong to no region."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("région"),
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Return only what the public may see now: published, and due."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Return everything to staff who may view this model (for previews), else published().

        Staff who still owe their second factor see what the public sees: a password alone
        opens no draft, here any more than in the admin.
        """
        from pare.accounts import second_factor_satisfied

        opts = self.model._meta
        if (
            user.is_authenticated
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            and second_factor_satisfied(user)
        ):
            return self.all()
        return self.published()


def not_public_by(objects, at):
    """Those of objects (publishable) that will not be public at the moment at."""
    return [
        obj
        for obj in objects
        if obj.status != Status.PUBLISHED or obj.publish_at is None or obj.publish_at > at
    ]


class Publishable(models.Model):
    """A draft until published; publication may be scheduled for a later date and time."""

    status = models.CharField(
        _("statut"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        help_text=_(
            "Laissez vide pour publier tout de suite. Une date future programme la publication : "
            "rien ne paraît avant."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.date_publication()
        super().save(*args, **kwargs)

    def clean(self):
        self.date_publication()  # before the constraints are validated
        super().clean()

    def date_publication(self):
        """Published without a date means published now."""
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

    @classmethod
    def publication_constraints(cls, prefix):
        return [
            FieldCheck(
                condition=Q(status__in=Status.values),
                name=f"{prefix}_status_valid",
                field="status",
                violation_error_message=_("Choisissez un statut de la liste."),
            ),
            FieldCheck(
                condition=Q(status=Status.DRAFT) | Q(publish_at__isnull=False),
                name=f"{prefix}_published_has_date",
                field="publish_at",
                violation_error_message=_("Un contenu publié a une date de publication."),
            ),
        ]

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_public

    @property
    def publication_label(self):
        """« Brouillon », « En ligne » or « Programmé : mardi 14 novembre 2023 à 9h »."""
        if self.is_scheduled:
            return _("Programmé : %(when)s") % {"when": moment(self.publish_at)}
        return _("En ligne") if self.is_public else _("Brouillon")


class Searchable:
    """A model the site's search reads (pare/search.py), declaring how it weighs its fields.

    search_weights maps A (the title), B (the text) and C (details) to field names, the same as
    the model's stored search_vector column on PostgreSQL; a test holds the two together.
    """

    search_weights = {}
    # The kind of entry, as results name it; none says the model's verbose_name.
    search_label = None
    # The field whose matches are marked in a result's title; none shows the entry's str().
    search_title_field = None
    # What search_detail() reads, fetched with the results.
    search_related = ()

    def search_detail(self):
        """One line under the title in the results: when, where or what."""
        return ""


class Reviewed(models.Model):
    """Points a person must check (left by an import, say); the entry stays a draft meanwhile."""

    review_notes = models.TextField(
        _("à vérifier"),
        blank=True,
        help_text=_(
            "Ce qu'une personne doit vérifier, une note par ligne. Traitez chaque point puis "
            "effacez la note : tant qu'il en reste, l'entrée ne peut pas être publiée."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.review_notes = self.review_notes.strip()
        super().save(*args, **kwargs)

    @classmethod
    def review_constraints(cls, prefix):
        return [
            FieldCheck(
                condition=Q(status=Status.DRAFT) | Q(review_notes=""),
                name=f"{prefix}_reviewed_before_publication",
                field="review_notes",
                violation_error_message=_(
                    "Des points restent à vérifier : traitez-les et effacez les notes avant de "
                    "publier."
                ),
            )
        ]

    def clean(self):
        super().clean()
        self.clean_review()

    def clean_review(self):
        """Refuse to publish while points are left to check."""
        if self.status == Status.PUBLISHED and self.review_notes.strip():
            raise ValidationError(
                {
                    "review_notes": _(
                        "Des points restent à vérifier (« à vérifier avant publication ») : "
                        "traitez-les et effacez les notes avant de publier."
                    )
                }
            )

    @property
    def review_note_list(self):
        return [line.strip() for line in self.review_notes.splitlines() if line.strip()]


def in_france_or_abroad(prefix, message):
    """A place is a French department or a country abroad, never both."""
    return FieldCheck(
        condition=Q(department__isnull=True) | Q(abroad=""),
        name=f"{prefix}_in_france_or_abroad",
        field="abroad",
        violation_error_message=message,
    )


IMAGE_ALT_MISSING = _("Décrivez l'image : le texte alternatif manque.")


class Illustrated(models.Model):
    """An optional image, which then needs its alternative text.

    A new image is checked and re-encoded without its metadata, and its smaller renditions are
    stored once (pare/images.py); pages then offer them with srcset, width and height.
    """

    image = images.SafeImageField(
        _("image"),
        upload_to="images/%Y/%m/",
        blank=True,
        help_text=_("Une photo ou une illustration en JPEG, PNG ou WebP."),
    )
    image_width = models.PositiveIntegerField(
        _("largeur de l'image"), null=True, blank=True, editable=False
    )
    image_height = models.PositiveIntegerField(
        _("hauteur de l'image"), null=True, blank=True, editable=False
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Décrivez ce que montre l'image pour les personnes qui ne la voient pas. "
            "Obligatoire dès qu'il y a une image."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        prepared = None
        if self.image and not self.image._committed:
            prepared = images.prepare(self.image, self.image.name)
            self.image = prepared.content
            self.image_width, self.image_height = prepared.width, prepared.height
        elif not self.image:
            self.image_width = self.image_height = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "image" in update_fields:
            kwargs["update_fields"] = {*update_fields, "image_width", "image_height"}
        super().save(*args, **kwargs)
        if prepared is not None:
            prepared.store(self.image.name, self.image.storage)

    @classmethod
    def image_constraints(cls, prefix):
        return [
            FieldCheck(
                condition=Q(image="") | ~Q(image_alt=""),
                name=f"{prefix}_image_has_alt",
                field="image_alt",
                violation_error_message=IMAGE_ALT_MISSING,
            )
        ]

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():  # blanks pass the constraint, not this
            raise ValidationError({"image_alt": IMAGE_ALT_MISSING})

    @property
    def image_srcset(self):
        """« url-480w.webp 480w, url-960w.webp 960w, url 1600w », or nothing to offer."""
        widths = images.rendition_widths(self.image_width)
        if not self.image or not widths:
            return ""
        url = self.image.storage.url
        candidates = [f"{url(images.rendition_name(self.image.name, w))} {w}w" for w in widths]
        return ", ".join([*candidates, f"{self.image.url} {self.image_width}w"])


class CallToAction(models.Model):
    """A button with its own label, pointing to a link or to an e-mail address."""

    cta_label = models.CharField(
        _("libellé du bouton"),
        max_length=80,
        blank=True,
        help_text=_("Par exemple « S'inscrire », « En savoir plus », « Accéder au flyer »."),
    )
    cta_url = models.URLField(_("lien du bouton"), max_length=500, blank=True)
    cta_email = models.EmailField(
        _("adresse e-mail du bouton"),
        blank=True,
        help_text=_("À la place d'un lien : le bouton écrit à cette adresse."),
    )

    class Meta:
        abstract = True

    @classmethod
    def cta_constraints(cls, prefix):
        no_button = Q(cta_label="", cta_url="", cta_email="")
        one_target = (~Q(cta_url="") & Q(cta_email="")) | (Q(cta_url="") & ~Q(cta_email=""))
        return [
            FieldCheck(
                condition=no_button | (~Q(cta_label="") & one_target),
                name=f"{prefix}_cta_has_one_target",
                field="cta_label",
                violation_error_message=_(
                    "Un bouton a un libellé et mène à un lien ou à une adresse e-mail."
                ),
            )
        ]

    @cached_property
    def cta_href(self):
        return self.cta_url or (f"mailto:{self.cta_email}" if self.cta_email else "")

    @property
    def cta_target(self):
        """Where the button leads, as plain text shows it: the address, or the link."""
        return self.cta_email or self.cta_url

    def clean(self):
        """Say which part of the button is wrong, more precisely than its constraint can."""
        super().clean()
        if self.cta_url and self.cta_email:
            raise ValidationError(
                {
                    "cta_email": _(
                        "Le bouton mène soit à un lien, soit à une adresse e-mail : pas aux deux."
                    )
                }
            )
        if self.cta_label and not (self.cta_url or self.cta_email):
            raise ValidationError(
                {
                    "cta_label": _(
                        "Ce bouton ne mène nulle part : indiquez un lien ou une adresse e-mail."
                    )
                }
            )
        if (self.cta_url or self.cta_email) and not self.cta_label:
            raise ValidationError({"cta_label": _("Donnez un libellé au bouton.")})


class Organisation(Publishable, Illustrated, Searchable):
    """A partner organisation: in a French department, abroad, or national."""

    search_weights = {"A": ("name", "acronym"), "B": ("description",), "C": ("abroad",)}
    search_label = _("Partenaire")
    search_title_field = "name"
    search_related = ("department__region",)

    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=200, unique=True)
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("département"),
        help_text=_("Laissez vide pour une organisation nationale ou à l'étranger."),
    )
    abroad = models.CharField(
        _("à l'étranger"),
        max_length=100,
        blank=True,
        help_text=_(
            "Pays ou province, pour un partenaire hors de France : « Belgique », « Québec »."
        ),
    )
    address = models.TextField(_("adresse postale"), blank=True)
    is_address_confidential = models.BooleanField(
        _("adresse confidentielle"),
        default=False,
        help_text=_(
            "Cochez pour un lieu à protéger (accueil de victimes, par exemple) : l'adresse "
            "n'apparaît nulle part sur le site ni dans les e-mails ; le public lit « Adresse "
            "communiquée aux professionnels sur demande » et le contact."
        ),
    )
    email = models.EmailField(_("e-mail de contact"), blank=True)
    phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = (French("name").asc(),)
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        permissions = [("publish_organisation", _("Peut publier une organisation"))]
        constraints = [
            *Publishable.publication_constraints("organisation"),
            *Illustrated.image_constraints("organisation"),
            in_france_or_abroad(
                "organisation",
                _(
                    "Une organisation est soit dans un département, soit à l'étranger : "
                    "videz l'un des deux."
                ),
            ),
        ]
        indexes = [models.Index(fields=("status", "publish_at"), name="organisation_public_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def public_address(self):
        """The postal address the public may read: none when it is confidential."""
        return "" if self.is_address_confidential else self.address

    @cached_property
    def place(self):
        """« Isère, Auvergne-Rhône-Alpes », « Guyane » (its region has one department)."""
        if self.abroad:
            return self.abroad
        if not self.department:
            return ""
        region = self.department.region
        if region and region.name != self.department.name:
            return f"{self.department.name}, {region.name}"
        return self.department.name

    def search_detail(self):
        return self.place


class SiteProfile(models.Model):
    """The site's name and the publisher's details, kept once and shown in every footer."""

    site_name = models.CharField(
        _("nom du site"), max_length=150, default="PARÉ contre l'exploitation sexuelle des mineurs"
    )
    tagline = models.CharField(_("description courte"), max_length=300, blank=True)
    publisher_name = models.CharField(_("organisation éditrice"), max_length=150)
    publisher_description = models.TextField(_("présentation de l'éditeur"), blank=True)
    publisher_url = models.URLField(_("site de l'éditeur"), blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_role = models.CharField(_("fonction"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    donation_url = models.URLField(_("lien pour faire un don"), blank=True)
    donation_email = models.EmailField(_("e-mail du service donateurs"), blank=True)
    logo = images.SafeImageField(
        _("logo"),
        upload_to="logo/",
        blank=True,
        help_text=_(
            "En PNG, JPEG ou WebP, sur fond clair ; il remplace le nom du site en haut de chaque "
            "page (le nom reste lu par les lecteurs d'écran). Sans logo, le nom s'affiche."
        ),
    )
    logo_width = models.PositiveIntegerField(_("largeur du logo"), null=True, editable=False)
    logo_height = models.PositiveIntegerField(_("hauteur du logo"), null=True, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil du site")
        verbose_name_plural = _("profil du site")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="siteprofile_single_row")]

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1
        if self.logo and not self.logo._committed:
            prepared = images.prepare(self.logo, self.logo.name)
            self.logo = prepared.content
            self.logo_width, self.logo_height = prepared.width, prepared.height
        elif not self.logo:
            self.logo_width = self.logo_height = None
        super().save(*args, **kwargs)
        cache.delete(CACHE_KEY)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(publisher_name="")


class PageKind(models.TextChoices):
    LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
    PERSONAL_DATA = "donnees-personnelles", _("Données personnelles")
    ACCESSIBILITY = "accessibilite", _("Accessibilité")


class Page(models.Model):
    """A page every public site owes its readers, linked from every footer, written by staff.

    Each starts from a complete draft (migration pare 0008) whose « [à compléter] » marks the facts
    only the organisation knows.
    """

    kind = models.CharField(
        _("page"), max_length=30, choices=PageKind, primary_key=True, editable=False
    )
    title = models.CharField(_("titre"), max_length=150)
    summary = models.CharField(
        _("en une phrase"),
        max_length=300,
        blank=True,
        help_text=_("Pour les moteurs de recherche."),
    )
    body = models.TextField(
        _("texte"),
        help_text=format_lazy(
            "{} {}",
            richtext.HELP_TEXT,
            _("Une ligne qui commence par « ## » est un intertitre."),
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("kind",)
        verbose_name = _("page du pied de page")
        verbose_name_plural = _("pages du pied de page")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PageKind.values), name="page_kind_valid")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page", kwargs={"kind": self.kind})


class DaySpan(models.Model):
    """A first and last day, with optional start and end times."""

    first_day = models.DateField(_("premier jour"))
    last_day = models.DateField(
        _("dernier jour"), blank=True, help_text=_("Laissez vide pour un seul jour.")
    )
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.last_day is None:
            self.last_day = self.first_day
        super().save(*args, **kwargs)

    @classmethod
    def day_span_constraints(cls, prefix):
        return [
            FieldCheck(
                condition=Q(last_day__gte=models.F("first_day")),
                name=f"{prefix}_last_day_after_first",
                field="last_day",
                violation_error_message=_("Le dernier jour ne peut pas précéder le premier."),
            ),
            FieldCheck(
                condition=Q(end_time__isnull=True)
                | (Q(start_time__isnull=False) & Q(end_time__gte=models.F("start_time"))),
                name=f"{prefix}_end_time_after_start",
                field="end_time",
                violation_error_message=_(
                    "L'heure de fin vient après l'heure de début, qu'il faut alors indiquer."
                ),
            ),
        ]

    def clean(self):
        super().clean()
        if self.last_day is None:
            self.last_day = self.first_day

    @cached_property
    def dates(self):
        return date_range(self.first_day, self.last_day)

    @cached_property
    def times(self):
        return time_range(self.start_time, self.end_time)

    @property
    def when(self):
        """« Du 21 au 23 novembre 2023, 9h30-17h30 »: the days, then the hours if any."""
        return ", ".join(part for part in (capfirst(self.dates), self.times) if part)

    @property
    def is_multi_day(self):
        return self.last_day != self.first_day


class OrganisationLink(models.Model):
    """Ties an entry to an organisation, in order; the organisation cannot be deleted meanwhile.

    Each link model names its entry with entry_field(), so that every entry reaches its links
    by one name, organisation_links.
    """

    related_name = "organisation_links"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_links",
        verbose_name=_("organisation"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ("position", "pk")

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def entry_field(cls, model, verbose_name):
        return models.ForeignKey(
            model,
            on_delete=models.CASCADE,
            related_name=cls.related_name,
            verbose_name=verbose_name,
        )

    @classmethod
    def on_organisation_page(cls, organisation):
        """The public entries this link ties to organisation, as its page lists them, by name."""
        (relation,) = (
            rel
            for rel in Organisation._meta.related_objects
            if getattr(rel, "through", None) is cls
        )
        name = relation.get_accessor_name()
        return {name: getattr(organisation, name).published().with_related()}


class OrganisedQuerySet(PublishableQuerySet):
    """Entries whose organisations come, in order, through an OrganisationLink."""

    def with_organisations(self):
        links = self.model._meta.get_field(OrganisationLink.related_name).related_model
        return self.prefetch_related(
            models.Prefetch(
                OrganisationLink.related_name,
                queryset=links.objects.select_related("organisation"),
            )
        )


class Organised:
    """An entry with partner organisations, in the order staff set (OrganisedQuerySet).

    What a published entry shows is public: pages, calendars and e-mails show only the
    organisations that are published and due, and publishing the entry is refused while one of
    them would not be public by then.
    """

    @cached_property
    def linked_organisations(self):
        """Every organisation the entry names, public or not (for staff and checks)."""
        return [link.organisation for link in self.organisation_links.all()]

    @cached_property
    def organisation_list(self):
        """The organisations the public may see."""
        return [
            organisation for organisation in self.linked_organisations if organisation.is_public
        ]

    def clean_publication(self, organisations=None):
        """Refuse to publish an entry naming organisations that will not be public by then."""
        if self.status != Status.PUBLISHED:
            return
        if organisations is None:
            organisations = self.linked_organisations
        missing = not_public_by(organisations, self.publish_at or timezone.now())
        if missing:
            raise ValidationError(unpublished_organisations_message(missing))


def unpublished_organisations_message(organisations):
    return _(
        "Ces organisations ne sont pas publiées : %(names)s. Publiez-les d'abord (elles "
        "paraîtraient avec ce contenu), ou retirez-les."
    ) % {"names": ", ".join(f"« {organisation} »" for organisation in organisations)}
