"""Which renditions each model's images need, behind one function.

`image_renditions(instance)` is the only call that makes them: the background task
(`articles.tasks.make_renditions`, queued when an image is saved) runs it,
`manage.py regenerate_renditions` runs it for every row, and cutting a published
version runs it for the images the version shows if the worker has not yet (a
version is frozen: it must never link a file that does not exist). It is idempotent.
"""

import pyvips
from django.conf import settings
from django.core.files.storage import default_storage

from newsroom.images import CROPS, make_renditions, rendition_names

from .models import Author, MediaImage


def _jobs(instance):
    if isinstance(instance, MediaImage):
        return [(instance.image, {"crops": tuple(CROPS), "focal": instance.focal})]
    if isinstance(instance, Author):
        return [(instance.photo, {"widths": False, "squares": settings.IMAGE_AUTHOR_SIZES})]
    return []


def image_field(instance):
    """The image field file of a library image or an author (empty without one)."""
    return instance.image if isinstance(instance, MediaImage) else instance.photo


def image_renditions(instance, *, force: bool = False) -> list[str]:
    """Make the missing renditions of `instance`'s images (all of them with `force`).

    Returns the storage names written. Raises OSError when an original cannot
    be read or decoded.
    """
    written = []
    for field_file, options in _jobs(instance):
        try:
            written += make_renditions(field_file, force=force, **options)
        except pyvips.Error as exc:
            raise OSError(f"Cannot make renditions of {field_file.name}: {exc}") from exc
    if written:
        instance.__dict__.pop("renditions_ready", None)
        instance.__dict__.pop("photo_ready", None)
    return written


def expected_renditions(instance) -> list[str]:
    """Storage names of every rendition `instance`'s images should have now."""
    names = []
    for field_file, options in _jobs(instance):
        names += rendition_names(field_file, **options)
    return names


def renditions_exist(instance) -> bool:
    """Whether every rendition of `instance`'s images is in storage."""
    return all(default_storage.exists(name) for name in expected_renditions(instance))


def ensure_renditions(instances) -> None:
    """Make now what the worker has not made yet for these library images and
    authors (None skipped); an unreadable image is left to its placeholder."""
    for instance in instances:
        if instance is None or not image_field(instance):
            continue
        if not renditions_exist(instance):
            try:
                image_renditions(instance)
            except OSError:
                continue
        instance.__dict__.pop("renditions_ready", None)
        instance.__dict__.pop("photo_ready", None)
