"""Uploads: only real JPEG, PNG or WebP within limits, re-encoded bare, resized once, shown well."""

import io
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageDraw

from pare import images
from pare.models import Organisation
from tests.factories import make_event

GPS_LATITUDE = (48.0, 51.0, 24.0)


@pytest.fixture(autouse=True)
def storage(settings):
    """Media in memory: nothing here may assume a local disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def picture(image_format="JPEG", size=(1600, 1200), mode="RGB", **save_options):
    image = Image.new(mode, size, "white" if mode != "P" else 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] // 2, size[1] // 2), fill="red" if mode != "P" else 1)
    output = io.BytesIO()
    image.save(output, format=image_format, **save_options)
    return output.getvalue()


def with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Téléphone de la victime"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: must be turned upright, not lost
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 3.0)
    data = picture("JPEG", size=(1200, 800), exif=exif, comment=b"chez Mme X")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # it is there
    return data


def png_declaring(width, height):
    """A tiny PNG whose header claims a huge size: a decompression bomb."""
    data = picture("PNG", size=(1, 1))
    header = struct.pack(">II", width, height) + data[24:29]
    return data[:16] + header + struct.pack(">I", zlib.crc32(b"IHDR" + header)) + data[33:]


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


OrganisationForm = forms.modelform_factory(
    Organisation, fields=("name", "slug", "status", "image", "image_alt")
)


def submit(name, data):
    return OrganisationForm(
        {"name": "Child Focus", "slug": "child-focus", "status": "draft", "image_alt": "Logo"},
        {"image": upload(name, data)},
    )


def stored(entry):
    return Image.open(default_storage.open(entry.image.name))


# --- What is accepted, and how it is stored ---


def test_gps_positions_and_every_other_metadata_are_stripped(db):
    event = make_event(image=upload("photo.jpg", with_gps()), image_alt="Une salle")
    raw = default_storage.open(event.image.name).read()
    image = stored(event)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not {"exif", "comment", "icc_profile"} & set(image.info)
    assert b"Exif" not in raw and "Téléphone".encode() not in raw and b"chez Mme X" not in raw
    assert (event.image_width, event.image_height) == (800, 1200) == image.size  # upright


@pytest.mark.parametrize(
    ("name", "data", "stored_as"),
    [
        ("photo.jpg", picture("JPEG"), "JPEG"),
        ("logo.png", picture("PNG", mode="RGBA"), "PNG"),
        ("dessin.webp", picture("WEBP"), "WEBP"),
        ("palette.png", picture("PNG", mode="P"), "PNG"),
        ("cmjn.jpg", picture("JPEG", mode="CMYK"), "JPEG"),
        ("deguise.jpg", picture("PNG"), "PNG"),  # a PNG named .jpg is a PNG
    ],
)
def test_real_images_are_accepted_and_stored_under_their_real_format(db, name, data, stored_as):
    form = submit(name, data)
    assert form.is_valid(), form.errors
    organisation = form.save()
    assert stored(organisation).format == stored_as
    assert organisation.image.name.endswith(images.EXTENSIONS[stored_as])
    assert organisation.image.name.startswith("images/")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anime.gif", picture("GIF"), "n'est pas une image JPEG, PNG ou WebP"),
        ("anime.jpg", picture("GIF"), "n'est pas une image JPEG, PNG ou WebP"),
        ("page.png", b"<html><script>alert(1)</script></html>", "n'est pas une image JPEG"),
        ("vide.jpg", b"", "Le fichier soumis est vide"),
        ("tronque.jpg", picture("JPEG")[:-400], "abîmée ou incomplète"),
        ("bombe.png", png_declaring(7_000, 7_000), "7000 × 7000 pixels"),
        ("grosse-bombe.png", png_declaring(100_000, 100_000), "bien trop grande"),
        ("carte.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "JPEG"),
    ],
)
def test_anything_else_is_refused_with_a_french_form_error(db, name, data, message):
    form = submit(name, data)
    assert not form.is_valid()
    assert message in " ".join(form.errors["image"])
    assert Organisation.objects.count() == 0
    assert all_files(default_storage) == []


def test_a_file_over_the_size_limit_is_refused(db, settings):
    settings.IMAGE_MAX_BYTES = 10_000
    form = submit("lourde.png", picture("PNG", size=(800, 800), compress_level=0))
    assert not form.is_valid()
    assert "le maximum est" in form.errors["image"][0]


def test_the_model_refuses_a_bad_upload_outside_the_admin_too(db):
    organisation = Organisation(
        name="A", slug="a", image=upload("x.png", picture("GIF")), image_alt="x"
    )
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "image" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        organisation.save()


# --- Renditions and pages ---


def all_files(storage, path=""):
    directories, files = storage.listdir(path)
    found = [f"{path}{name}" for name in files]
    for directory in directories:
        found += all_files(storage, f"{path}{directory}/")
    return sorted(found)


def test_renditions_are_made_once_and_stored_beside_the_image(client, db, storage):
    event = make_event(image=upload("salle.jpg", picture(size=(1600, 1200))), image_alt="Salle")
    for width in (480, 960):
        name = images.rendition_name(event.image.name, width)
        rendition = Image.open(storage.open(name))
        assert rendition.format == "WEBP"
        assert rendition.size == (width, width * 3 // 4)
    files = all_files(storage)
    assert len(files) == 3
    event.title = "Autre titre"
    event.save()
    client.get(event.get_absolute_url())
    assert all_files(storage) == files


def test_pages_offer_the_renditions_with_their_dimensions(client, db):
    event = make_event(image=upload("salle.jpg", picture(size=(1600, 1200))), image_alt="Salle")
    html = client.get(event.get_absolute_url()).text
    url = event.image.url
    stem = url.rsplit(".", 1)[0]
    assert f'srcset="{stem}-480w.webp 480w, {stem}-960w.webp 960w, {url} 1600w"' in html
    assert 'width="1600" height="1200"' in html
    assert 'alt="Salle"' in html


def test_a_small_image_is_not_enlarged(client, db, storage):
    event = make_event(image=upload("petit.png", picture("PNG", size=(300, 200))), image_alt="x")
    assert not storage.exists(images.rendition_name(event.image.name, 480))
    html = client.get(event.get_absolute_url()).text
    assert "srcset" not in html
    assert 'width="300" height="200"' in html


def test_an_entry_whose_file_went_missing_still_renders(client, db):
    event = make_event(image="images/2023/10/disparue.jpg", image_alt="Disparue")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "disparue.jpg" in response.text


# --- Images the encoder cannot write: refused like the others, and nothing left behind ---


def media_folder(path):
    return sorted(str(file.relative_to(path)) for file in path.rglob("*"))


@pytest.fixture
def media_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "deja-la.jpg").write_bytes(picture())
    return tmp_path


def test_an_image_too_tall_for_its_renditions_is_a_form_error_in_the_admin(
    admin_client, media_on_disk
):
    before = media_folder(media_on_disk)
    tall = upload("bandeau.png", picture("PNG", size=(481, 83_000)))

    response = admin_client.post(
        "/admin/pare/organisation/add/",
        {
            "name": "Child Focus",
            "slug": "child-focus",
            "status": "draft",
            "image": tall,
            "image_alt": "Logo",
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert "481 × 83000 pixels" in errors
    assert Organisation.objects.count() == 0
    assert media_folder(media_on_disk) == before


def test_an_image_the_encoder_refuses_is_refused_outside_the_admin_too(db, media_on_disk):
    before = media_folder(media_on_disk)
    tall = upload("bandeau.png", picture("PNG", size=(481, 83_000)))

    with pytest.raises(ValidationError):
        make_event(image=tall, image_alt="Bandeau")

    assert media_folder(media_on_disk) == before


def test_any_encoder_failure_is_a_french_form_error(db, media_on_disk, monkeypatch):
    before = media_folder(media_on_disk)
    photo = picture()

    def failing_save(image, output, format=None, **options):
        raise OSError("encoder error -2 when writing image file")

    monkeypatch.setattr(Image.Image, "save", failing_save)
    form = submit("photo.jpg", photo)

    assert not form.is_valid()
    assert "ne peut pas être convertie" in " ".join(form.errors["image"])
    assert media_folder(media_on_disk) == before
