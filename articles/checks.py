"""Start-up checks of the settings structured data depends on."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, register

# Google asks for story images at least this wide; the default image stands in for one.
MIN_IMAGE_WIDTH = 1200


@register()
def default_image_check(app_configs=None, **kwargs):
    """SITE_DEFAULT_IMAGE exists under the static files, is wide enough, is not the logo."""
    from PIL import Image, UnidentifiedImageError

    path = settings.SITE_DEFAULT_IMAGE
    if path == settings.SITE_LOGO:
        return [Error("SITE_DEFAULT_IMAGE is the logo.", id="articles.E001")]
    found = finders.find(path)
    if not found:
        return [Error(f"SITE_DEFAULT_IMAGE {path!r} is not a static file.", id="articles.E002")]
    try:
        with Image.open(found) as picture:
            width = picture.size[0]
    except (OSError, UnidentifiedImageError):
        return [Error(f"SITE_DEFAULT_IMAGE {path!r} is not an image.", id="articles.E003")]
    if width < MIN_IMAGE_WIDTH:
        return [
            Error(
                f"SITE_DEFAULT_IMAGE {path!r} is {width} px wide, under {MIN_IMAGE_WIDTH}.",
                id="articles.E004",
            )
        ]
    return []
