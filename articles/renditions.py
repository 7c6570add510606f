"""Which renditions each model's images need, behind one function.

`image_renditions(instance)` is the only call that makes them: the post-save
signal runs it inline today, `manage.py regenerate_renditions` runs it for
every row, and a background task can run it as is (it is idempotent).
"""

import pyvips
from django.conf import settings

from newsroom.images import CROPS, make_renditions, rendition_names

from .models import Article, Author


def _jobs(instance):
    if isinstance(instance, Article):
        return [(instance.hero_image, {"crops": tuple(CROPS), "focal": instance.hero_focal})]
    if isinstance(instance, Author):
        return [(instance.photo, {"widths": False, "squares": settings.IMAGE_AUTHOR_SIZES})]
    return []


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
    return written


def expected_renditions(instance) -> list[str]:
    """Storage names of every rendition `instance`'s images should have now."""
    names = []
    for field_file, options in _jobs(instance):
        names += rendition_names(field_file, **options)
    return names
