"""The media library: one way in for every writer (admin, importer, demo seeding).

An image is stored once as a `MediaImage` (file, alternative text, caption, credit,
focal point) and shown by any number of stories; its renditions are made once, by a
background task (`articles.tasks.make_renditions`), never in the request that saves
it. Until they exist, pages show a placeholder the size the image will take.

- `add_image()` checks and stores an upload (alternative text required, whoever
  calls) and queues its renditions.
- `set_hero()` makes a library image a story's hero: the admin, the importer and
  restoring a revision call it inside `edit_story()` (or before a new story's first
  save), so the record and the workflow see the change like any other.
- `image_changed()` follows an edit of a library image in the stories showing it
  (a verified or scheduled story whose content moved goes back to verification).
- `tidy_files()` deletes what a replaced or deleted image leaves behind, unless a
  published version still links it (frozen pages keep their images).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from newsroom.images import delete_image_files, validate_image_upload
from newsroom.tasks import enqueue

from .models import Article, Author, MediaImage, PublishedVersion
from .renditions import expected_renditions, image_field, renditions_exist


def add_image(
    *,
    file,
    alt: str,
    caption: str = "",
    credit: str = "",
    focal: tuple[int, int] = (50, 50),
    user=None,
    into: MediaImage | None = None,
) -> MediaImage:
    """Store `file` (an uploaded or ContentFile with a name) in the library.

    `into`: the unsaved instance to fill (the admin's), else a new one. Raises
    ValidationError when the file is not an image we accept or when the
    alternative text is missing. The renditions are queued, not made here.
    """
    validate_image_upload(file)
    image = into or MediaImage()
    image.alt, image.caption, image.credit = alt.strip(), caption, credit
    image.focal_x, image.focal_y = focal
    image.created_by = user if getattr(user, "pk", None) else None
    if not image.alt:
        raise ValidationError({"alt": _("An image needs its alternative text.")})
    image.full_clean(exclude=["image"])
    image.image.save(file.name, file, save=False)
    try:
        with transaction.atomic():
            image.save()
    except Exception:
        image.image.delete(save=False)  # no file without its row
        raise
    return image


def set_hero(article: Article, image: MediaImage | None) -> None:
    """Make `image` (a library image, or None) the hero of `article` (saved if it
    exists; a new story gets it with its first save)."""
    article.hero = image
    if article.pk:
        article.save(update_fields=["hero", "updated_at"])


def image_changed(image: MediaImage, *, user) -> int:
    """After an edit of a library image: the stories showing it whose content moved
    go back to verification. Returns how many went back."""
    from .editing import shared_label_changed

    return shared_label_changed(
        article_ids=image.stories.values_list("pk", flat=True),
        user=user,
        reason=_("Its hero image (library) changed."),
    )


def queue_renditions(instance) -> bool:
    """Queue the background task that makes `instance`'s missing renditions (a library
    image or an author); False when there is nothing to make."""
    from .tasks import make_renditions

    if not image_field(instance) or renditions_exist(instance):
        return False
    enqueue(make_renditions, instance._meta.label, instance.pk)
    return True


def queue_tidy(name: str, *, author: int | None = None) -> None:
    """Queue `tidy_files(name)` with the current transaction."""
    from .tasks import tidy_image_files

    if name:
        enqueue(tidy_image_files, name, author=author)


def linked_by_versions(name: str, *, author: int | None = None) -> bool:
    """Whether a published version shows the image stored as `name` (a story hero;
    with `author`, that author's photo in a byline)."""
    if PublishedVersion.objects.filter(content__article__hero__image=name).exists():
        return True
    if author is None:
        return False
    from urllib.parse import unquote

    from newsroom.images import square_name

    stem = square_name(name, 0).removesuffix("0.webp")  # ".../photo-sq"
    versions = PublishedVersion.objects.filter(article__bylines__author_id=author).distinct()
    for card in versions.values_list("card", flat=True).iterator():
        for byline in (card or {}).get("bylines", []):
            if stem in unquote(byline.get("photo") or ""):
                return True
    return False


def tidy_files(name: str, *, author: int | None = None) -> list[str]:
    """Delete the original `name` and its renditions when nothing uses them any more,
    or only its stale renditions (an old focal point) while a row still shows it.
    A published version that links the image keeps every file. Idempotent; returns
    the names deleted."""
    if linked_by_versions(name, author=author):
        return []
    users = [*MediaImage.objects.filter(image=name), *Author.objects.filter(photo=name)]
    keep = set()
    for user in users:
        keep |= {name, *expected_renditions(user)}
    return delete_image_files(name, keep=keep)
