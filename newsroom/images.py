"""Images: strict upload checks, then the renditions readers get. Never the original.

Two halves, both bounded in memory (docs/images.md has the measured figures):

- **Validation** (`validate_image_upload`) reads the header with Pillow (format,
  size, frame count: nothing decoded), refuses anything but JPEG, PNG, WebP
  and GIF, names HEIC/HEIF explicitly, caps bytes and megapixels (all frames
  counted) and then decodes the whole file once with libvips in sequential
  mode, so a truncated or damaged image is a form error and a 40-megapixel
  PNG never sits in memory.
- **Renditions** (`make_renditions`, the one entry point a background task can
  call) go through libvips' `thumbnail`: shrink-on-load where the format
  allows it, EXIF orientation applied, colour converted to sRGB from the
  embedded profile (CMYK included), every mode Pillow can open (1, L, LA, P,
  RGB, RGBA, CMYK, 16-bit) turned into 8-bit sRGB with its transparency,
  animation kept as animated WebP, and every piece of metadata dropped
  (EXIF, GPS, XMP, IPTC, maker notes) except the sRGB profile.

Renditions are named deterministically from the original's name so templates
build ``srcset`` without a query: widths (`rendition_name`), crops around a
focal point (`crop_name`, the focal point is in the name so moving it never
rewrites a file a published version links) and squares (`square_name`).
The original upload is kept for regeneration but never linked.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import warnings
from dataclasses import dataclass

import pyvips
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import ImageField, ImageFieldFile
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageSequence

logger = logging.getLogger(__name__)

# Only the loaders we accept; anything else libvips flags as untrusted is blocked.
pyvips.block_untrusted_set(True)
# Every rendition is made once: libvips' operation cache would only keep decoded
# pixels alive in a long-running worker.
pyvips.cache_set_max(0)

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# ISO-BMFF brands of HEIF files (HEIC from phones, AVIF): Pillow cannot read them.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
# Named aspect ratios of the hero crops, as (width, height).
CROPS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
WEBP_OPTIONS = {"Q": 80, "effort": 4, "keep": "icc"}  # keep: the sRGB profile, nothing else
EXIF_ORIENTATION = 0x0112
# No dimension in libvips may exceed this; used as "no limit" for the height.
UNBOUNDED = 10_000_000


def is_heif(head: bytes) -> bool:
    """True if `head` (the first 12 bytes of a file) starts an HEIF/HEIC/AVIF file."""
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


@deconstructible
class ImageUploadValidator:
    """Refuse anything but a sane JPEG, PNG, WebP or GIF within the limits.

    Raises ValidationError with code image_too_large (bytes), image_heif,
    image_invalid (not an image, damaged), image_bomb, image_too_many_pixels
    (width × height × frames over IMAGE_MAX_PIXELS) or image_format.
    """

    def __call__(self, file):
        if getattr(file, "_committed", False) or getattr(file, "_image_checked", False):
            # Already in storage (checked when it was uploaded), or already checked by
            # the form field: re-reading it would decode it twice or read a closed file.
            return
        max_bytes = settings.IMAGE_MAX_BYTES
        size = getattr(file, "size", None)
        if size is not None and size > max_bytes:
            raise ValidationError(
                _("The image is %(size)s MB; the limit is %(limit)s MB."),
                code="image_too_large",
                params={
                    "size": number_format(size / 1_048_576, 1),
                    "limit": max_bytes // 1_048_576,
                },
            )
        try:
            file.seek(0)
            if is_heif(file.read(12)):
                raise ValidationError(
                    _(
                        "HEIC/HEIF photos (the default on recent phones) are not accepted. "
                        "Export the photo as JPEG and upload it again."
                    ),
                    code="image_heif",
                )
            file.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(file) as image:
                    image_format = image.format
                    if image_format not in ALLOWED_FORMATS:
                        raise ValidationError(
                            _("Format %(format)s is not accepted. Use JPEG, PNG, WebP or GIF."),
                            code="image_format",
                            params={"format": image_format or "?"},
                        )
                    frames = getattr(image, "n_frames", 1)
                    check_pixels(*image.size, frames)
                    image.verify()
            # verify() misses truncation: decode every pixel (every frame), streaming.
            file.seek(0)
            pages = {"n": -1} if frames > 1 else {}
            decoded = pyvips.Image.new_from_buffer(
                file.read(), "", access="sequential", fail_on="truncated", **pages
            )
            decoded.min()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("The image is too large to be decoded safely."), code="image_bomb"
            ) from exc
        except Exception as exc:  # Pillow and libvips raise many kinds for broken files
            raise ValidationError(
                _("The file is not a valid image, or it is damaged."), code="image_invalid"
            ) from exc
        finally:
            file.seek(0)
        file._image_checked = True

    def __eq__(self, other):
        return isinstance(other, ImageUploadValidator)


validate_image_upload = ImageUploadValidator()


def check_pixels(width: int, height: int, frames: int = 1) -> None:
    """Raise ValidationError (image_too_many_pixels) over IMAGE_MAX_PIXELS, or for an
    animation over IMAGE_MAX_ANIMATION_PIXELS (width × height × frames): decoding a GIF
    holds whole frames, so animations get a lower limit (docs/images.md)."""
    limit = settings.IMAGE_MAX_ANIMATION_PIXELS if frames > 1 else settings.IMAGE_MAX_PIXELS
    if width * height * max(frames, 1) <= limit:
        return
    if frames > 1:
        raise ValidationError(
            _(
                "The animation is %(width)s×%(height)s pixels × %(frames)s frames "
                "(%(megapixels)s megapixels); at most %(limit)s megapixels are accepted."
            ),
            code="image_too_many_pixels",
            params={
                "width": width,
                "height": height,
                "frames": frames,
                "megapixels": number_format(width * height * frames / 1_000_000, 1),
                "limit": f"{limit / 1_000_000:g}",
            },
        )
    raise ValidationError(
        _(
            "The image is %(width)s×%(height)s pixels (%(megapixels)s megapixels); "
            "at most %(limit)s megapixels are accepted."
        ),
        code="image_too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": number_format(width * height / 1_000_000, 1),
            "limit": f"{limit / 1_000_000:g}",
        },
    )


# --- Sizes as readers see them --------------------------------------------------


def oriented_size(file) -> tuple[int | None, int | None]:
    """(width, height) in pixels once the EXIF orientation is applied (header only)."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            orientation = image.getexif().get(EXIF_ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - not an image: no dimensions, like Django's own
        return None, None
    finally:
        file.seek(0)
    if orientation in (5, 6, 7, 8):  # transposed or rotated by a quarter turn
        return height, width
    return width, height


class OrientedImageFieldFile(ImageFieldFile):
    """An ImageFieldFile whose width and height are those readers see (orientation applied)."""

    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            self.open()
            try:
                self._dimensions_cache = oriented_size(self)
            finally:
                if close:
                    self.close()
        return self._dimensions_cache


class ImageFormField(forms.ImageField):
    """The admin's image field: our checks (and their precise messages) come first."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        validate_image_upload(upload)
        return super().to_python(data)


class OrientedImageField(ImageField):
    """ImageField whose width_field/height_field store the oriented size."""

    attr_class = OrientedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageFormField, **kwargs})


# --- Names (no storage call, no query) ------------------------------------------


def _rendition_root(name: str) -> tuple[str, str]:
    root, _ext = posixpath.splitext(name)
    directory, base = posixpath.split(root)
    return posixpath.join("renditions", directory), base


def rendition_name(name: str, width: int) -> str:
    """Storage name of the WebP rendition of `name` at `width` pixels."""
    directory, base = _rendition_root(name)
    return posixpath.join(directory, f"{base}-{width}w.webp")


def crop_name(name: str, crop: str, focal: tuple[int, int]) -> str:
    """Storage name of the `crop` ("16x9", "4x3", "1x1") around `focal` (percent x, y)."""
    directory, base = _rendition_root(name)
    return posixpath.join(directory, f"{base}-{crop}-f{focal[0]}x{focal[1]}.webp")


def square_name(name: str, size: int) -> str:
    """Storage name of the square thumbnail of `name`, `size` pixels a side."""
    directory, base = _rendition_root(name)
    return posixpath.join(directory, f"{base}-sq{size}.webp")


def rendition_widths(original_width: int | None) -> list[int]:
    """The rendition widths made for an image `original_width` pixels wide.

    Every configured width below the original, then the largest rendition: the
    original width capped at the largest configured width. Never an upscale.
    """
    if not original_width:
        return []
    configured = sorted(settings.IMAGE_RENDITION_WIDTHS)
    widths = [w for w in configured if w < original_width]
    largest = min(original_width, configured[-1])
    if largest not in widths:
        widths.append(largest)
    return widths


def scaled_height(width: int, height: int, target_width: int) -> int:
    """Height of a rendition `target_width` wide of a `width`×`height` image."""
    return max(1, round(height * target_width / width))


@dataclass(frozen=True)
class CropBox:
    """A crop of a `width`×`height` image: the full-resolution box, then the output size."""

    left: int
    top: int
    box_width: int
    box_height: int
    out_width: int
    out_height: int


def crop_box(width: int, height: int, ratio: tuple[int, int], focal: tuple[int, int]) -> CropBox:
    """The largest box of aspect `ratio` in the image, centred on `focal` (percent) as far as
    the edges allow, scaled down to at most IMAGE_CROP_WIDTH pixels wide."""
    rw, rh = ratio
    if width * rh > height * rw:  # wider than the ratio: full height
        box_height = height
        box_width = max(1, min(width, round(height * rw / rh)))
    else:
        box_width = width
        box_height = max(1, min(height, round(width * rh / rw)))
    left = round(width * focal[0] / 100 - box_width / 2)
    top = round(height * focal[1] / 100 - box_height / 2)
    left = min(max(left, 0), width - box_width)
    top = min(max(top, 0), height - box_height)
    out_width = min(box_width, settings.IMAGE_CROP_WIDTH)
    out_height = max(1, round(out_width * rh / rw)) if out_width < box_width else box_height
    return CropBox(left, top, box_width, box_height, out_width, out_height)


# --- Making renditions ------------------------------------------------------------


def _source(field_file) -> str | bytes:
    """A path libvips can stream from, or the bytes when the storage has no paths."""
    try:
        return field_file.path
    except NotImplementedError:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return handle.read()


def _thumbnail(source, width: int, height: int = UNBOUNDED, **options) -> pyvips.Image:
    """libvips' thumbnail: shrink-on-load, orientation applied, sRGB out."""
    options.setdefault("output_profile", "srgb")
    load = options.pop("load", "")
    if isinstance(source, bytes):
        return pyvips.Image.thumbnail_buffer(
            source, width, height=height, option_string=load, **options
        )
    path = f"{source}[{load}]" if load else source
    return pyvips.Image.thumbnail(path, width, height=height, **options)


def _eight_bit(image: pyvips.Image) -> pyvips.Image:
    """8-bit sRGB (or grey) with alpha kept: what WebP stores."""
    if image.format != "uchar" or image.interpretation not in ("srgb", "b-w"):
        target = "b-w" if image.bands <= 2 else "srgb"
        image = image.colourspace(target).cast("uchar")
    return image


def _save(image: pyvips.Image, storage, name: str) -> str:
    data = _eight_bit(image).webpsave_buffer(**WEBP_OPTIONS)
    if storage.exists(name):
        storage.delete(name)  # regeneration: same name, new settings
    return storage.save(name, ContentFile(data))


def _save_animation(source, width, height, targets, storage) -> list[str]:
    """Animated WebP renditions [(name, width)] of an animated GIF or WebP: every frame,
    its duration and the loop count kept; no metadata. Memory: the output frames of one
    width at a time (bounded by IMAGE_MAX_ANIMATION_PIXELS) and one decoded frame."""
    written = []
    for name, target in targets:
        size = (target, scaled_height(width, height, target))
        with Image.open(source if isinstance(source, str) else io.BytesIO(source)) as image:
            loop = image.info.get("loop", 0)
            frames, durations = [], []
            for frame in ImageSequence.Iterator(image):
                durations.append(frame.info.get("duration", 100))
                frames.append(frame.convert("RGBA").resize(size, Image.Resampling.LANCZOS))
        buffer = io.BytesIO()
        frames[0].save(
            buffer,
            "WEBP",
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=loop,
            quality=WEBP_OPTIONS["Q"],
        )
        if storage.exists(name):
            storage.delete(name)
        written.append(storage.save(name, ContentFile(buffer.getvalue())))
    return written


def _is_animated(source) -> bool:
    header = (
        pyvips.Image.new_from_buffer(source, "")
        if isinstance(source, bytes)
        else pyvips.Image.new_from_file(source)
    )
    return header.get_typeof("n-pages") != 0 and header.get("n-pages") > 1


def make_renditions(
    field_file,
    *,
    crops: tuple[str, ...] = (),
    focal: tuple[int, int] = (50, 50),
    squares: tuple[int, ...] = (),
    widths: bool = True,
    storage=None,
    force: bool = False,
) -> list[str]:
    """Write the renditions of `field_file` that do not exist yet; names written.

    `widths`: one WebP per `rendition_widths()` (animation kept). `crops`: names
    from CROPS, cut around `focal` (x, y in percent of the oriented image). `squares`:
    square thumbnails, `size` pixels a side, cut where libvips finds the subject.
    Idempotent (a rendition in storage is left alone unless `force`), so it can run
    after every save, from a command or from a background task. Raises pyvips.Error
    or OSError when the original cannot be read.
    """
    storage = storage or default_storage
    if not field_file:
        return []
    width, height = field_file.width, field_file.height
    wanted: list[tuple[str, tuple[str, object]]] = []
    if widths:
        for target in rendition_widths(width):
            wanted.append((rendition_name(field_file.name, target), ("width", target)))
    for crop in crops:
        wanted.append((crop_name(field_file.name, crop, focal), ("crop", crop)))
    for size in squares:
        wanted.append((square_name(field_file.name, size), ("square", size)))
    todo = [(name, job) for name, job in wanted if force or not storage.exists(name)]
    if not todo:
        return []
    source = _source(field_file)
    animated = _is_animated(source)
    if animated:
        # Width renditions keep every frame (Pillow: one frame decoded at a time); the
        # crops are stills of frame 1, through libvips like any image.
        targets = [(name, arg) for name, (kind, arg) in todo if kind == "width"]
        written = _save_animation(source, width, height, targets, storage)
        todo = [(name, job) for name, job in todo if job[0] != "width"]
        base = None
    else:
        base = _shared_base(source, width, height, todo, focal)
        written = []
    for name, (kind, arg) in todo:
        if kind == "width":
            if base is not None:
                image = base.thumbnail_image(arg, height=UNBOUNDED)
            else:
                image = _thumbnail(source, arg)
        elif kind == "crop":
            box = crop_box(width, height, CROPS[arg], focal)
            scale = box.out_width / box.box_width
            full_w = max(box.out_width, round(width * scale))
            full_h = max(box.out_height, round(height * scale))
            if base is not None:
                image = base.thumbnail_image(full_w, height=full_h, size="force")
            else:
                image = _thumbnail(source, full_w, full_h, size="force")
            left = min(round(box.left * scale), full_w - box.out_width)
            top = min(round(box.top * scale), full_h - box.out_height)
            image = image.crop(left, top, box.out_width, box.out_height)
        else:
            image = _thumbnail(source, arg, arg, crop="attention", size="down")
        written.append(_save(image, storage, name))
    return written


def _shared_base(source, width, height, todo, focal) -> pyvips.Image | None:
    """The original decoded once (streaming), shrunk to the largest size the width
    renditions and crops need, held in memory: each rendition is then made from it
    instead of decoding the original again. None when that size is over
    IMAGE_BASE_MAX_PIXELS (a long, narrow image): renditions then stream one by one.
    """
    scales = []
    for _name, (kind, arg) in todo:
        if kind == "width":
            scales.append(arg / width)
        elif kind == "crop":
            box = crop_box(width, height, CROPS[arg], focal)
            scales.append(box.out_width / box.box_width)
    if not scales:
        return None
    scale = min(1.0, max(scales))
    base_w, base_h = max(1, round(width * scale)), max(1, round(height * scale))
    if base_w * base_h > settings.IMAGE_BASE_MAX_PIXELS:
        return None
    base = _thumbnail(source, base_w, base_h, size="force")
    return _eight_bit(base).copy_memory()


def rendition_names(field_file, *, widths=True, crops=(), focal=(50, 50), squares=()) -> list[str]:
    """Every rendition name `make_renditions` would write for `field_file`."""
    if not field_file:
        return []
    names = []
    if widths:
        names += [rendition_name(field_file.name, w) for w in rendition_widths(field_file.width)]
    names += [crop_name(field_file.name, crop, focal) for crop in crops]
    names += [square_name(field_file.name, size) for size in squares]
    return names


def rendition_files(name: str, storage=None) -> list[str]:
    """Storage names of every rendition of the original `name` in storage, whatever
    the settings or focal point they were made with."""
    storage = storage or default_storage
    directory, base = _rendition_root(name)
    if not storage.exists(directory):
        return []
    pattern = re.compile(
        rf"{re.escape(base)}-(?:\d+w|(?:{'|'.join(CROPS)})-f\d+x\d+|sq\d+)\.webp", re.ASCII
    )
    _subdirectories, files = storage.listdir(directory)
    return [posixpath.join(directory, file) for file in files if pattern.fullmatch(file)]


def delete_image_files(name: str, *, keep=(), storage=None) -> list[str]:
    """Delete the original `name` and its renditions, except the names in `keep`
    (or, when `keep` names the original, only renditions not in `keep`). Returns
    the names deleted. Idempotent: what is already gone is skipped."""
    storage = storage or default_storage
    keep = set(keep)
    deleted = []
    for file in [name, *rendition_files(name, storage)]:
        if file not in keep and storage.exists(file):
            storage.delete(file)
            deleted.append(file)
    return deleted


# --- The site logo ------------------------------------------------------------------

_LOGOS: dict[tuple, dict] = {}


def _logo_path() -> str | None:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(settings.SITE_LOGO)
    if found:
        return found
    try:
        return staticfiles_storage.path(settings.SITE_LOGO)
    except (NotImplementedError, ValueError):
        return None


def site_logo(storage=None) -> dict | None:
    """The site logo (settings.SITE_LOGO, a static file) through the same pipeline as
    every image: WebP renditions without metadata, named from the file's content (a new
    logo gets new names). {"header": {"url", "url_2x", "width", "height"},
    "publisher": {"url", "width", "height"}} or None when there is no logo file.

    Missing renditions are made on first need (the logo is our own small file, made
    once per deployment; `manage.py regenerate_renditions` makes them too), then the
    answer is kept for the life of the process.
    """
    try:
        return _site_logo(storage or default_storage)
    except (OSError, pyvips.Error):
        logger.exception("Could not make the site logo's renditions")
        return None


def _site_logo(storage) -> dict | None:
    key = (settings.SITE_LOGO, str(settings.MEDIA_ROOT), settings.IMAGE_LOGO_HEIGHTS)
    if key in _LOGOS:
        return _LOGOS[key]
    path = _logo_path()
    if path is None:
        return None
    import hashlib

    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:12]
    header = pyvips.Image.new_from_file(path)
    width, height = header.width, header.height
    stem = posixpath.splitext(posixpath.basename(settings.SITE_LOGO))[0]
    prefix = f"renditions/site/{stem}-{digest}"
    heights = settings.IMAGE_LOGO_HEIGHTS
    sizes = {
        f"h{h}": (max(1, round(width * min(h, height) / height)), min(h, height)) for h in heights
    }
    publisher_width = min(width, settings.IMAGE_LOGO_WIDTH)
    sizes["publisher"] = (publisher_width, scaled_height(width, height, publisher_width))
    names = {label: f"{prefix}-{w}x{h}.webp" for label, (w, h) in sizes.items()}
    for label, name in names.items():
        if not storage.exists(name):
            w, h = sizes[label]
            _save(_thumbnail(path, w, h, size="force"), storage, name)
    first, last = f"h{min(heights[0], height)}", f"h{min(heights[-1], height)}"
    logo = {
        "header": {
            "url": storage.url(names[first]),
            "url_2x": storage.url(names[last]),
            "width": sizes[first][0],
            "height": sizes[first][1],
        },
        "publisher": {
            "url": storage.url(names["publisher"]),
            "width": sizes["publisher"][0],
            "height": sizes["publisher"][1],
        },
        "files": sorted(names.values()),
    }
    _LOGOS[key] = logo
    return logo
