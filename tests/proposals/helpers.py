"""Plain helpers for the proposal tests: what a professional fills in, and stored proposals."""

import datetime
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pare.models import Department
from proposals.models import Kind, Proposal, State

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/proposer/confirmation/[^/\s]+/)")


def png(size=(640, 360)):
    output = io.BytesIO()
    Image.new("RGB", size, "#7a1f5c").save(output, "PNG")
    return output.getvalue()


def event_data(**changes):
    """What a professional fills in to propose an event."""
    data = {
        "title": "Projection-débat « Les Mineurs invisibles »",
        "entry_type": "projection-debat",
        "first_day": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "start_time": "20:00",
        "venue": "Cinéma le Palace",
        "city": "Mulhouse",
        "department": "68",
        "organisation_name": "Mouvement du Nid",
        "text": "Une soirée pour comprendre.\n\nEntrée libre.",
        "link": "https://exemple.org/inscription",
        "proposer_name": "Camille Martin",
        "proposer_organisation": "Service de prévention",
        "proposer_email": "camille@example.org",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def image_upload(data=None, name="affiche.png"):
    return SimpleUploadedFile(name, data or png(), content_type="image/png")


def confirmation_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


def make_proposal(state=State.PENDING, **fields):
    """A proposal as the form would store it, confirmed unless told otherwise."""
    fields.setdefault("kind", Kind.EVENT)
    fields.setdefault("title", "Formation au repérage")
    fields.setdefault("entry_type", "formation")
    fields.setdefault("first_day", timezone.localdate() + datetime.timedelta(days=20))
    fields.setdefault("city", "Lyon")
    if "department" not in fields:
        # Transactional tests empty the geography the migrations loaded.
        fields.setdefault(
            "department", Department.objects.get_or_create(code="69", defaults={"name": "Rhône"})[0]
        )
    fields.setdefault("proposer_name", "Camille Martin")
    fields.setdefault("proposer_organisation", "Service de prévention")
    fields.setdefault("proposer_email", "camille@example.org")
    fields.setdefault("consents_to_contact", True)
    if state != State.UNCONFIRMED:
        fields.setdefault("confirmed_at", timezone.now())
    return Proposal.objects.create(state=state, **fields)
