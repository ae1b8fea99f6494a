"""Images staff upload: checked by their content, re-encoded without metadata, resized once.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP (whatever its name says),
within IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS (a decompression bomb declares huge dimensions in a
small file: it is refused from its header, before anything is decoded). It is then re-encoded,
which drops EXIF (GPS positions included), comments and colour profiles (converted to sRGB), and
smaller WebP renditions are stored beside it, in whatever storage the field uses. All of that is
done in memory while the form is validated: an image any encoder refuses is a form error, and a
refused upload leaves no file behind.
"""

import io
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
RENDITION_WIDTHS = (480, 960)
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}
RENDITION_OPTIONS = {"quality": 80, "method": 4}
WEBP_MAX_SIDE = 16383


def _read(file):
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def open_image(data):
    """Open bytes as a JPEG, PNG or WebP image within the limits, or raise a French error."""
    if len(data) > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Cette image pèse %(size)s Mo : le maximum est %(max)s Mo. Réduisez-la avant."),
            code="image_too_heavy",
            params={
                "size": round(len(data) / 1024 / 1024, 1),
                "max": round(settings.IMAGE_MAX_BYTES / 1024 / 1024, 1),
            },
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            _("Ce fichier n'est pas une image JPEG, PNG ou WebP lisible."), code="not_an_image"
        ) from None
    width, height = image.size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_large(width, height)
    try:
        image.load()
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(
            _("Cette image est abîmée ou incomplète : enregistrez-la à nouveau et réessayez."),
            code="broken_image",
        ) from None
    return image


def _too_large(width=None, height=None):
    limit = settings.IMAGE_MAX_PIXELS / 1_000_000
    if width is None:
        message = _("Cette image est bien trop grande : %(limit)s millions de pixels au plus.")
    else:
        message = _(
            "Cette image mesure %(width)s × %(height)s pixels : c'est plus que les "
            "%(limit)s millions de pixels permis. Réduisez-la avant de la déposer."
        )
    return ValidationError(
        message,
        code="image_too_large",
        params={"width": width, "height": height, "limit": f"{limit:g}"},
    )


def validate_image(file):
    """Model-field validator: an image not yet stored must be one the site can store."""
    if file and not getattr(file, "_committed", True):
        prepare(file)


def _clean_pixels(image):
    """Apply the EXIF orientation, convert colours to sRGB, and keep nothing but pixels."""
    image = ImageOps.exif_transpose(image)
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
            )
        except (ImageCms.PyCMSError, OSError):
            pass
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
        if "transparency" in image.info:
            clean.info["transparency"] = image.info["transparency"]
    clean.paste(image)
    return clean


@dataclass(frozen=True)
class Prepared:
    """An upload made ready to store: its clean file, its size and its renditions' bytes."""

    content: ContentFile
    width: int
    height: int
    renditions: dict = field(default_factory=dict)

    def store(self, name, storage):
        """Store the renditions beside the image stored as name, replacing any older ones."""
        for width, data in self.renditions.items():
            target = rendition_name(name, width)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(data))


def prepare(file, name=""):
    """Re-encode an upload and make its renditions, in memory, once per file.

    Whatever the encoders refuse is a ValidationError here, before anything is stored.
    """
    prepared = getattr(file, "prepared_image", None)
    if prepared is None:
        original = open_image(_read(file))
        if hasattr(file, "seek"):
            file.seek(0)
        try:
            prepared = _encode(original, name or getattr(file, "name", ""))
        except (OSError, ValueError):
            raise ValidationError(
                _(
                    "Cette image ne peut pas être convertie pour le site. Enregistrez-la à "
                    "nouveau en JPEG ou en PNG, puis réessayez."
                ),
                code="image_unwritable",
            ) from None
        file.prepared_image = prepared
    return prepared


def _encode(original, name):
    image_format = original.format
    image = _clean_pixels(original)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    options = dict(SAVE_OPTIONS[image_format])
    if image_format == "PNG" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    image.save(output, format=image_format, **options)
    stem = slugify(PurePosixPath(name or "image").stem)[:60]
    content = ContentFile(output.getvalue(), name=f"{stem or 'image'}{EXTENSIONS[image_format]}")
    return Prepared(content, *image.size, renditions=_renditions(image))


def _renditions(image):
    """The smaller WebP widths of an image: {width: bytes}."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert(
            "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        )
    renditions = {}
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        if height > WEBP_MAX_SIDE:
            raise _too_elongated(*image.size)
        output = io.BytesIO()
        image.resize((width, height), Image.Resampling.LANCZOS).save(
            output, format="WEBP", **RENDITION_OPTIONS
        )
        renditions[width] = output.getvalue()
    return renditions


def _too_elongated(width, height):
    return ValidationError(
        _(
            "Cette image mesure %(width)s × %(height)s pixels : elle est trop étirée pour être "
            "réduite aux tailles des pages. Recadrez-la, puis déposez-la à nouveau."
        ),
        code="image_too_elongated",
        params={"width": width, "height": height},
    )


def rendition_name(name, width):
    return f"{PurePosixPath(name).with_suffix('')}-{width}w.webp"


def rendition_widths(image_width):
    return [width for width in RENDITION_WIDTHS if image_width and width < image_width]


class ImageFormField(forms.ImageField):
    """The admin's image field: the content decides, not the extension; errors in French."""

    default_validators = []

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        image = open_image(_read(file))
        file.seek(0)
        file.image = image
        file.content_type = Image.MIME.get(image.format)
        return file


class SafeImageField(models.ImageField):
    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})
