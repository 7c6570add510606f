from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.images import (
    CROPS,
    OrientedImageField,
    crop_box,
    crop_name,
    rendition_name,
    rendition_widths,
    scaled_height,
    validate_image_upload,
)


class MediaImage(models.Model):
    """An image of the media library: stored once, described once (alternative text,
    caption, credit, focal point), its renditions made once, shown by any number of
    stories. Add one with `articles.media.add_image()`."""

    image = OrientedImageField(
        _("image"),
        upload_to="media/%Y/%m/",
        validators=[validate_image_upload],
        width_field="width",
        height_field="height",
        help_text=_("JPEG, PNG, WebP or GIF; at most 10 MB."),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt = fields.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = fields.CharField(_("caption"), max_length=300, blank=True)
    credit = fields.CharField(_("credit"), max_length=150, blank=True)
    # Where the subject is, in percent of the width and height: crops keep it in frame.
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, horizontal (percent)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 = left edge, 100 = right edge. Crops keep this point in frame."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, vertical (percent)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 = top edge, 100 = bottom edge."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("library image")
        verbose_name_plural = _("media library")
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt=""),
                name="mediaimage_needs_alt",
                violation_error_message=_("An image needs its alternative text."),
            ),
            models.CheckConstraint(condition=~Q(image=""), name="mediaimage_has_file"),
        ]

    def __str__(self):
        return self.alt

    @property
    def focal(self) -> tuple[int, int]:
        return (self.focal_x, self.focal_y)

    @cached_property
    def renditions_ready(self) -> bool:
        """Whether every rendition exists in storage (made by a background task after
        the upload): until then pages show a placeholder, never a broken image."""
        from ..renditions import renditions_exist

        return renditions_exist(self)

    @property
    def renditions(self):
        """(url, width) pairs of the WebP width renditions, smallest first; [] until made."""
        if not self.width or not self.renditions_ready:
            return []
        from django.core.files.storage import default_storage

        return [
            (default_storage.url(rendition_name(self.image.name, width)), width)
            for width in rendition_widths(self.width)
        ]

    @property
    def display(self):
        """The largest rendition, what `<img src>`, og:image and JSON-LD link:
        {"url", "width", "height"} in pixels, or None (renditions not made yet).
        Never the original upload."""
        if not self.width or not self.renditions_ready:
            return None
        from django.core.files.storage import default_storage

        width = rendition_widths(self.width)[-1]
        return {
            "url": default_storage.url(rendition_name(self.image.name, width)),
            "width": width,
            "height": scaled_height(self.width, self.height, width),
        }

    @property
    def placeholder(self):
        """{"width", "height"} of the largest rendition to come: the placeholder keeps
        the layout the image will take."""
        if not self.width:
            return None
        width = rendition_widths(self.width)[-1]
        return {"width": width, "height": scaled_height(self.width, self.height, width)}

    @property
    def crops(self):
        """[{"ratio", "url", "width", "height"}] of the 16:9, 4:3 and 1:1 crops; [] until made."""
        if not self.width or not self.renditions_ready:
            return []
        from django.core.files.storage import default_storage

        crops = []
        for ratio_name, ratio in CROPS.items():
            box = crop_box(self.width, self.height, ratio, self.focal)
            name = crop_name(self.image.name, ratio_name, self.focal)
            crops.append(
                {
                    "ratio": ratio_name,
                    "url": default_storage.url(name),
                    "width": box.out_width,
                    "height": box.out_height,
                }
            )
        return crops
