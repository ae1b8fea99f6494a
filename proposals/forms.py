"""The public forms: one per kind of proposal, each with the fields that matter for it.

Every field has a size limit; text is normalised (line breaks, no control characters) and later
shown through the same rendering as staff text; the image passes the checks staff uploads pass
(pare/images.py) and is re-encoded without its metadata here, before anything is stored.
"""

import re
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import EventKind
from pare import images
from pare.models import Department
from proposals.models import Kind, Proposal
from resources.models import ResourceKind

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e]")


def clean_text(value):
    """Text as staff would type it: Unix line breaks, no control or direction characters."""
    value = CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ProposalForm(forms.ModelForm):
    """What every proposal asks: its subject, then who proposes it and their consent."""

    kind = None
    subject_fields = ()

    image_file = forms.FileField(
        label=_("Image (facultative)"),
        required=False,
        help_text=_("Une affiche ou une photo en JPEG, PNG ou WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que l'équipe de PARÉ me contacte à cette adresse au sujet de cette "
            "proposition."
        ),
        error_messages={"required": _("Cochez cette case pour envoyer votre proposition.")},
    )
    # Left empty by people, who do not see it; filled in by robots, which fill everything.
    site_web = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Proposal
        fields = ()
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "proposer_email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "proposer_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "proposer_organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "link": forms.URLInput(attrs={"spellcheck": "false"}),
            "contact_email": forms.EmailInput(attrs={"spellcheck": "false"}),
        }
        labels = {
            "title": _("Titre"),
            "text": _("Présentation"),
            "link": _("Lien pour en savoir plus ou s'inscrire"),
            "contact_email": _("Ou une adresse e-mail à laquelle écrire"),
            "image_alt": _("Ce que montre l'image"),
            "proposer_name": _("Votre nom"),
            "proposer_organisation": _("Votre structure"),
            "proposer_email": _("Votre adresse e-mail"),
        }
        help_texts = {
            "text": _(
                "5 000 caractères au plus. Une ligne vide sépare deux paragraphes. Les liens ne "
                "sont actifs qu'une fois la proposition relue par l'équipe."
            ),
            "link": _("Une adresse qui commence par https://"),
            "image_alt": _(
                "Pour les personnes qui ne voient pas l'image. Obligatoire avec une image."
            ),
            "proposer_email": _(
                "Pour confirmer votre proposition et vous dire la suite. Jamais publiée."
            ),
        }

    personal_fields = ("proposer_name", "proposer_organisation", "proposer_email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("proposer_name", "proposer_email", "title"):
            self.fields[name].required = True
        self.fields["proposer_email"].error_messages["required"] = _(
            "Indiquez votre adresse e-mail : la proposition n'est transmise qu'une fois "
            "confirmée par le lien que vous y recevrez."
        )
        self.fields["title"].error_messages["required"] = _("Donnez un titre à votre proposition.")
        self.fields["proposer_name"].error_messages["required"] = _("Indiquez votre nom.")
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.order_by("code")
            self.fields["department"].empty_label = _("— Choisir —")

    @property
    def subject(self):
        return [self[name] for name in self.subject_fields]

    @property
    def image(self):
        return [self["image_file"], self["image_alt"]]

    @property
    def proposer(self):
        return [self[name] for name in self.personal_fields]

    def clean_site_web(self):
        if self.cleaned_data["site_web"]:
            raise ValidationError(
                _(
                    "Un champ qui doit rester vide a été rempli : votre proposition n'a pas été "
                    "envoyée. Si vous utilisez un remplissage automatique, videz le champ "
                    "« Laissez ce champ vide » et envoyez à nouveau."
                ),
                code="honeypot",
            )
        return ""

    def clean_proposer_email(self):
        return self.cleaned_data["proposer_email"].strip().lower()

    def clean_image_file(self):
        upload = self.cleaned_data.get("image_file")
        if not upload:
            return None
        content = images.prepare(upload, upload.name).content
        suffix = PurePosixPath(content.name).suffix
        image_format = next(name for name, ext in images.EXTENSIONS.items() if ext == suffix)
        return content.read(), image_format

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = clean_text(value)
        if cleaned.get("image_file") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image : le texte alternatif manque."))
        if cleaned.get("link") and cleaned.get("contact_email"):
            self.add_error(
                "contact_email",
                _("Indiquez soit un lien, soit une adresse e-mail : pas les deux."),
            )
        return cleaned

    def save(self, commit=True):
        proposal = super().save(commit=False)
        proposal.kind = self.kind
        proposal.consents_to_contact = True
        if self.cleaned_data.get("image_file"):
            proposal.image, proposal.image_format = self.cleaned_data["image_file"]
        else:
            proposal.image_alt = ""
        if commit:
            proposal.save()
        return proposal


EVENT_FIELDS = (
    "title",
    "entry_type",
    "first_day",
    "last_day",
    "start_time",
    "end_time",
    "is_online",
    "venue",
    "address",
    "city",
    "department",
    "organisation_name",
    "text",
    "link",
    "contact_email",
)
INITIATIVE_FIELDS = ("title", "department", "organisation_name", "text", "link", "contact_email")
RESOURCE_FIELDS = (
    "title",
    "entry_type",
    "authors",
    "organisation_name",
    "text",
    "link",
    "contact_email",
)
OTHER_FIELDS = ("image_alt", *ProposalForm.personal_fields)


class EventProposalForm(ProposalForm):
    kind = Kind.EVENT
    subject_fields = EVENT_FIELDS
    entry_type = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)

    class Meta(ProposalForm.Meta):
        fields = (*EVENT_FIELDS, *OTHER_FIELDS)
        labels = {
            **ProposalForm.Meta.labels,
            "is_online": _("En ligne (visioconférence)"),
            "venue": _("Lieu"),
            "organisation_name": _("Organisateur"),
        }
        help_texts = {
            **ProposalForm.Meta.help_texts,
            "last_day": _("Laissez vide pour un seul jour."),
            "venue": _(
                "Par exemple « Cinéma le Palace » ; laissez vide pour un événement en ligne."
            ),
            "organisation_name": _("Le nom de l'organisation qui le propose."),
        }
        widgets = {
            **ProposalForm.Meta.widgets,
            "first_day": DateInput(),
            "last_day": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_day"].required = True
        self.fields["first_day"].error_messages["required"] = _("Indiquez le premier jour.")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if first and last and last < first:
            self.add_error("last_day", _("Le dernier jour ne peut pas précéder le premier."))
        if end and not start:
            self.add_error("start_time", _("Indiquez l'heure de début avant l'heure de fin."))
        elif start and end and end < start:
            self.add_error("end_time", _("L'heure de fin ne peut pas précéder l'heure de début."))
        if not cleaned.get("is_online") and not (cleaned.get("city") or cleaned.get("department")):
            self.add_error(
                "city",
                _("Indiquez la ville ou le département, ou cochez « En ligne »."),
            )
        return cleaned


class InitiativeProposalForm(ProposalForm):
    kind = Kind.INITIATIVE
    subject_fields = INITIATIVE_FIELDS

    class Meta(ProposalForm.Meta):
        fields = (*INITIATIVE_FIELDS, *OTHER_FIELDS)
        labels = {**ProposalForm.Meta.labels, "organisation_name": _("Structure qui la porte")}
        help_texts = {
            **ProposalForm.Meta.help_texts,
            "department": _("Laissez vide pour une initiative nationale."),
        }


class ResourceProposalForm(ProposalForm):
    kind = Kind.RESOURCE
    subject_fields = RESOURCE_FIELDS
    entry_type = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices)

    class Meta(ProposalForm.Meta):
        fields = (*RESOURCE_FIELDS, *OTHER_FIELDS)
        labels = {
            **ProposalForm.Meta.labels,
            "authors": _("Auteurs ou réalisateurs"),
            "organisation_name": _("Organisation partenaire"),
        }


FORMS = {
    form.kind: form for form in (EventProposalForm, InitiativeProposalForm, ResourceProposalForm)
}
