"""Backup and restore: every row and every media file comes back identical in an empty site."""

import io
import json
import stat

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from events.models import Event
from newsletters.models import Subscriber
from pare import backup
from pare.models import SiteProfile
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
roundtrip = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# As browsers send a textarea: CRLF line ends; and leading newlines, a lone CR, tabs, spaces.
TEXTAREA = "\r\n\nPremière ligne  \r\n\tDeuxième\rTroisième\r\n\r\n "


@pytest.fixture(autouse=True)
def storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def jpeg(size=(1200, 900), color="teal"):
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="JPEG")
    return SimpleUploadedFile("photo.jpg", output.getvalue())


def build_site():
    staff = User.objects.create_user(
        "redactrice", "r@example.org", "une phrase de passe solide", is_staff=True
    )
    staff.groups.add(*Group.objects.all())
    TOTPDevice.objects.create(user=staff, name="Téléphone", confirmed=True)
    organisation = make_organisation(
        name="Child Focus", abroad="Belgique", image=jpeg(), image_alt="Logo", phone="01 02"
    )
    event = make_event(
        title="Colloque",
        organisers=[organisation],
        sessions=[{"title": "Module 1", "first_day": timezone.localdate()}],
        image=jpeg((800, 600), "orange"),
        image_alt="La salle",
    )
    initiative = make_initiative(title="La Boussole", departments=["43", "63"])
    resource = make_resource(title="Un livre", kind="livre", organisations=[organisation])
    make_issue(events=[event], initiatives=[initiative], resources=[resource])
    event.title = "Colloque (complet)"
    event.text = TEXTAREA
    event.save()  # a second version in the history
    SiteProfile(publisher_name="Fondation Droit d'Enfance", contact_phone="07 57 76 46 58").save()
    Subscriber.objects.create(
        email="lectrice@example.org", status="confirmed", confirmed_at=timezone.now()
    )
    Subscriber.objects.create(email="en-attente@example.org")


def every_row():
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIPPED:
            continue
        rows[label] = serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
    return rows


def every_file(storage):
    return {name: storage.open(name).read() for name in backup.storage_files(storage)}


@roundtrip
def test_backup_then_restore_into_an_empty_site_gives_back_everything(tmp_path, storage):
    build_site()
    rows, files = every_row(), every_file(storage)
    assert len(files) == 2 + 3  # two images, three renditions
    assert rows["newsletters.subscriber"] and rows["events.historicalevent"]
    assert rows["otp_totp.totpdevice"] and rows["auth.user"]

    call_command("backup", str(tmp_path / "sauvegarde"), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    for name in files:
        storage.delete(name)
    assert backup.is_empty() and every_file(storage) == {}

    call_command("restore", str(tmp_path / "sauvegarde"), stdout=io.StringIO())

    assert every_file(storage) == files
    restored = every_row()
    for label, expected in rows.items():
        assert restored[label] == expected, (label, restored[label], expected)
    assert User.objects.get().check_password("une phrase de passe solide")
    assert Event.objects.get().text == TEXTAREA


@roundtrip
def test_the_backup_is_readable_by_its_owner_only(tmp_path):
    build_site()
    target = tmp_path / "sauvegarde"
    backup.backup(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    manifest = json.loads((target / "manifest.json").read_text())
    assert "newsletters.0001_initial" in manifest["migrations"]


@roundtrip
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    build_site()
    backup.backup(tmp_path / "sauvegarde")
    with pytest.raises(CommandError, match="base vide"):
        backup.restore(tmp_path / "sauvegarde")


@roundtrip
def test_restore_refuses_a_damaged_backup(tmp_path, storage):
    build_site()
    backup.backup(tmp_path / "sauvegarde")
    image = next((tmp_path / "sauvegarde" / "media").rglob("*.jpg"))
    image.write_bytes(image.read_bytes()[:-10])
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="abîmé"):
        backup.restore(tmp_path / "sauvegarde")
    assert backup.is_empty()


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path, db):
    (tmp_path / "autre-chose.txt").write_text("x")
    with pytest.raises(CommandError, match="pas vide"):
        backup.backup(tmp_path)


def test_a_manifest_cannot_write_outside_the_media(tmp_path):
    for name in ("../../etc/passwd", "/etc/passwd", "images/../../x"):
        with pytest.raises(CommandError):
            backup._safe_member(name)
