"""Images staff upload: checked by their content, re-encoded without metadata, resized once.

An upload is accepted only if Pillow reads it as JPEG, PNG or WebP (whatever its name says),
within IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS (a decompression bomb declares huge dimensions in a
small file: it is refused from its header, before anything is decoded). It is then re-encoded,
which drops EXIF (GPS positions included), comments and colour profiles (converted to sRGB), and
smaller WebP renditions are stored beside it, in whatever storage the field uses.
"""

import io
import warnings
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
    """Model-field validator: an image not yet stored must pass open_image()."""
    if file and not getattr(file, "_committed", True):
        open_image(_read(file))
        file.seek(0)


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


def reencode(file, name=""):
    """Return (ContentFile named after its real format, the clean PIL image)."""
    original = open_image(_read(file))
    image_format = original.format
    image = _clean_pixels(original)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    output = io.BytesIO()
    options = dict(SAVE_OPTIONS[image_format])
    if image_format == "PNG" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    image.save(output, format=image_format, **options)
    stem = slugify(PurePosixPath(name or getattr(file, "name", "") or "image").stem)[:60]
    return ContentFile(
        output.getvalue(), name=f"{stem or 'image'}{EXTENSIONS[image_format]}"
    ), image


def rendition_name(name, width):
    return f"{PurePosixPath(name).with_suffix('')}-{width}w.webp"


def rendition_widths(image_width):
    return [width for width in RENDITION_WIDTHS if image_width and width < image_width]


def save_renditions(image, name, storage):
    """Store the smaller widths of an image once, beside it, under predictable names."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert(
            "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        )
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        output = io.BytesIO()
        image.resize((width, height), Image.Resampling.LANCZOS).save(
            output, format="WEBP", **RENDITION_OPTIONS
        )
        target = rendition_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        storage.save(target, ContentFile(output.getvalue()))


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
