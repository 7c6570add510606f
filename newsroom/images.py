"""Image uploads: strict validation, then renditions made once.

Validation opens the file with Pillow (so a renamed text file or a truncated
JPEG is refused), allows only raster formats a browser shows, and caps bytes
and pixels before decoding so that a decompression bomb never expands in
memory. Renditions are WebP files at a few widths, written next to the
original on first save and named deterministically so templates can build a
``srcset`` without a query or a storage call.
"""

import io
import posixpath
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}


@deconstructible
class ImageUploadValidator:
    """Refuse anything but a sane JPEG, PNG, WebP or GIF."""

    def __call__(self, file):
        if getattr(file, "_committed", False):
            # Already in storage: it was checked when it was uploaded. Re-reading it
            # here would check a closed file on every later save of the object.
            return
        max_bytes = settings.IMAGE_MAX_BYTES
        max_pixels = settings.IMAGE_MAX_PIXELS
        size = getattr(file, "size", None)
        if size is not None and size > max_bytes:
            raise ValidationError(
                _("The image is %(size)s MB; the limit is %(limit)s MB."),
                code="image_too_large",
                params={"size": round(size / 1_048_576, 1), "limit": max_bytes // 1_048_576},
            )
        try:
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    image_format = image.format
                    width, height = image.size
                    if width * height > max_pixels:
                        raise ValidationError(
                            _(
                                "The image is %(width)s×%(height)s pixels; at most %(limit)s "
                                "million pixels are accepted."
                            ),
                            code="image_too_many_pixels",
                            params={
                                "width": width,
                                "height": height,
                                "limit": max_pixels // 1_000_000,
                            },
                        )
                    image.verify()
                # verify() leaves the image unusable and misses truncation: decode it too.
                file.seek(0)
                with Image.open(file) as image:
                    image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("The image is too large to be decoded safely."), code="image_bomb"
            ) from exc
        except Exception as exc:  # Pillow raises many kinds for broken files
            raise ValidationError(
                _("The file is not a valid image, or it is damaged."), code="image_invalid"
            ) from exc
        finally:
            file.seek(0)
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                _("Format %(format)s is not accepted. Use JPEG, PNG, WebP or GIF."),
                code="image_format",
                params={"format": image_format or "?"},
            )

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


validate_image_upload = ImageUploadValidator()


def rendition_name(name: str, width: int) -> str:
    """Storage name of the WebP rendition of `name` at `width` pixels."""
    root, _ext = posixpath.splitext(name)
    directory, base = posixpath.split(root)
    return posixpath.join("renditions", directory, f"{base}-{width}w.webp")


def rendition_widths(original_width: int | None) -> list[int]:
    """The rendition widths made for an image `original_width` pixels wide."""
    if not original_width:
        return []
    widths = [w for w in settings.IMAGE_RENDITION_WIDTHS if w < original_width]
    return widths or [original_width]


def make_renditions(field_file, storage=None) -> list[str]:
    """Write the WebP renditions of `field_file` that do not exist yet.

    Idempotent: a rendition already in storage is left alone, so calling it
    after every save costs one ``exists()`` per width.
    """
    storage = storage or default_storage
    if not field_file:
        return []
    written = []
    image = None
    try:
        for width in rendition_widths(field_file.width):
            target = rendition_name(field_file.name, width)
            if storage.exists(target):
                continue
            if image is None:
                field_file.open("rb")
                image = ImageOps.exif_transpose(Image.open(field_file))
                image.load()
                if image.mode not in ("RGB", "RGBA"):
                    image = image.convert("RGBA" if "transparency" in image.info else "RGB")
            copy = image.copy()
            copy.thumbnail((width, width * 10), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            copy.save(buffer, "WEBP", quality=80, method=4)
            storage.save(target, ContentFile(buffer.getvalue()))
            written.append(target)
    finally:
        if image is not None:
            image.close()
            field_file.close()
    return written
