from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.images import OrientedImageField, square_name, validate_image_upload
from newsroom.markup import render_markdown


class Author(models.Model):
    """A byline: a person who signs stories, with or without a user account."""

    name = fields.CharField(_("display name"), max_length=120)
    slug = fields.SlugField(_("slug"), max_length=140, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_(
            "The account that writes as this author. Its owner may edit the author's drafts."
        ),
    )
    job_title = fields.CharField(_("job title"), max_length=120, blank=True)
    biography = fields.MarkdownField(_("biography"), blank=True)
    biography_html = fields.TextField(editable=False, blank=True)
    photo = OrientedImageField(
        _("photo"),
        upload_to="authors/%Y/",
        blank=True,
        validators=[validate_image_upload],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    expertise = fields.CharField(
        _("expertise"),
        max_length=255,
        blank=True,
        help_text=_("Subjects this author knows well, separated by commas."),
    )
    email = fields.EmailField(_("public e-mail"), blank=True)
    # Every account that ever signed as this author: unlinking a profile does
    # not make its owner a stranger to the stories it signs (four eyes).
    former_user_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.biography_html = render_markdown(self.biography)
        if self.user_id and self.user_id not in self.former_user_ids:
            self.former_user_ids = [*self.former_user_ids, self.user_id]
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "former_user_ids"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author_detail", kwargs={"slug": self.slug})

    @cached_property
    def photo_ready(self) -> bool:
        """Whether the photo's thumbnails exist (made by a background task after the
        upload): until then pages show no photo, never a broken image."""
        from ..renditions import renditions_exist

        return bool(self.photo) and renditions_exist(self)

    @property
    def photo_thumbnails(self):
        """{size: url} of the square thumbnails (IMAGE_AUTHOR_SIZES), or {} without a
        photo or before its thumbnails are made."""
        if not self.photo or not self.photo_ready:
            return {}
        from django.core.files.storage import default_storage

        return {
            size: default_storage.url(square_name(self.photo.name, size))
            for size in settings.IMAGE_AUTHOR_SIZES
        }

    @property
    def photo_thumbnail_2x(self):
        """URL of the largest square thumbnail (the author page shows it at 160 px)."""
        return self.photo_thumbnails.get(settings.IMAGE_AUTHOR_SIZES[-1])

    @property
    def expertise_list(self):
        return [item.strip() for item in self.expertise.split(",") if item.strip()]


class AuthorLink(models.Model):
    """A public profile of an author elsewhere (becomes `sameAs` in JSON-LD)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = fields.CharField(_("label"), max_length=60)
    url = fields.HttpURLField(_("URL"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label
