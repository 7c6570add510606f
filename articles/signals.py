"""Idempotent chores after a save: image renditions, cache purges. Never workflow."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from newsroom import pagecache
from newsroom.text import clean_text

from .footer import SITE_PAGES_CACHE_KEY
from .media import queue_renditions, queue_tidy
from .models import (
    Article,
    ArticleAuthor,
    ArticleRedirect,
    Author,
    AuthorLink,
    Correction,
    MediaImage,
    PublishedVersion,
    Quote,
    Region,
    SitePage,
)
from .renditions import image_field
from .tagging import tag_slug


def _stored(instance) -> tuple[str, tuple[int, int]]:
    """The image name and focal point of `instance` as the database holds them."""
    if isinstance(instance, MediaImage):
        row = MediaImage.objects.filter(pk=instance.pk).values_list("image", "focal_x", "focal_y")
        name, *focal = row.first() or ("", 50, 50)
        return name, tuple(focal)
    name = Author.objects.filter(pk=instance.pk).values_list("photo", flat=True).first()
    return name or "", (50, 50)


@receiver(pre_save, sender=MediaImage, dispatch_uid="articles.library_before")
@receiver(pre_save, sender=Author, dispatch_uid="articles.photo_before")
def remember_image(sender, instance, raw=False, **kwargs):
    instance._stored_image = ("", (50, 50)) if raw or instance.pk is None else _stored(instance)


@receiver(post_save, sender=MediaImage, dispatch_uid="articles.library_renditions")
@receiver(post_save, sender=Author, dispatch_uid="articles.photo_renditions")
def renditions_after_save(sender, instance, raw=False, **kwargs):
    """Queue the renditions (never made in the saving request) and the removal of
    what a replaced image or an old focal point leaves behind."""
    if raw:
        return
    author = instance.pk if isinstance(instance, Author) else None
    old_name, old_focal = getattr(instance, "_stored_image", ("", (50, 50)))
    name = image_field(instance).name or ""
    focal = instance.focal if isinstance(instance, MediaImage) else (50, 50)
    if old_name and (old_name != name or old_focal != focal):
        queue_tidy(old_name, author=author)
    queue_renditions(instance)


@receiver(post_delete, sender=MediaImage, dispatch_uid="articles.library_deleted")
@receiver(post_delete, sender=Author, dispatch_uid="articles.photo_deleted")
def image_deleted(sender, instance, **kwargs):
    name = image_field(instance).name
    if name:
        queue_tidy(name, author=instance.pk if isinstance(instance, Author) else None)


@receiver(pre_save, sender=Tag, dispatch_uid="articles.clean_tag_name")
def clean_tag_name(sender, instance, raw=False, **kwargs):
    """Tags are taggit's model, not ours: their names are cleaned like our text fields
    (newsroom/fields.py), whoever saves one."""
    instance.name = clean_text(instance.name, multiline=False)


@receiver(pre_save, sender=Tag, dispatch_uid="articles.tag_slug")
def slug_new_tag(sender, instance, raw=False, **kwargs):
    """A new tag's address from the newsroom's slug function (newsroom/slugs.py), not
    taggit's, which drops apostrophes ("l’eau" → "leau"); a slug typed in the tag admin
    (one that is not taggit's own guess) is kept."""
    if raw or not instance._state.adding:
        return
    if not instance.slug or instance.slug == instance.slugify(instance.name):
        instance.slug = tag_slug(instance.name)


@receiver([post_save, post_delete], sender=SitePage, dispatch_uid="articles.footer_pages")
def forget_footer_pages(sender, **kwargs):
    cache.delete(SITE_PAGES_CACHE_KEY)


# Shared things every public page may show (profiles, places, site pages): any
# change forgets every cached page. A new tag shows nowhere until a public story
# carries it (then the story's tagging forgets what lists it).
pagecache.forget_everything_when_changed(Author, AuthorLink, Region, SitePage)


@receiver([post_save, post_delete], sender=Tag, dispatch_uid="pagecache.taggit.Tag")
def forget_tag(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        pagecache.bump()


def forget_story(article_id: int, *, slug: str | None = None) -> None:
    """Forget the cached pages of one story and the lists (lists read the record and
    the live region and tags of public stories)."""
    if slug is None:
        slug = Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
        if slug is None:
            pagecache.bump_scopes(pagecache.LISTS)
            return
    pagecache.bump_scopes(pagecache.story_scope(slug))


@receiver([post_save, post_delete], sender=PublishedVersion, dispatch_uid="pagecache.version")
def forget_recorded_story(sender, instance, raw=False, **kwargs):
    """A new version of the record: the story's pages and the lists."""
    if not raw:
        forget_story(instance.article_id)


@receiver(post_save, sender=ArticleRedirect, dispatch_uid="pagecache.redirect")
def forget_former_address(sender, instance, raw=False, **kwargs):
    """A story renamed: its old address must stop serving the cached page."""
    if not raw:
        pagecache.bump_scopes(pagecache.story_scope(instance.old_slug))


def story_of(instance) -> int | None:
    """The id of the story `instance` belongs to (a story, or one of its parts)."""
    if isinstance(instance, Article):
        return instance.pk
    if isinstance(instance, TaggedItem):
        return instance.object_id if instance.content_type.model_class() is Article else None
    return getattr(instance, "article_id", None)


def bump_if_public(sender, instance, **kwargs) -> None:
    """Forget the cached pages a change to a story, or to one of its parts, can alter.

    Public pages read a story through its published versions, so the parts of a
    story that was never public (a draft being written) show nowhere public:
    saving them keeps every cached page. A story with a version (published,
    scheduled, withdrawn, or back in the newsroom after it) may appear in lists
    that read its live region and tags, so its changes forget its own pages and
    the lists.
    """
    if kwargs.get("raw"):
        return
    article_id = story_of(instance)
    if article_id is None:
        pagecache.bump()
        return
    if isinstance(instance, Article):
        slug = instance.slug if instance.current_version_id is not None else None
        public = slug is not None
    else:
        slug = (
            Article.objects.filter(pk=article_id, current_version__isnull=False)
            .values_list("slug", flat=True)
            .first()
        )
        public = slug is not None
    if public:
        forget_story(article_id, slug=slug)


for _model in (Article, ArticleAuthor, Correction, Quote, TaggedItem):
    for _signal in (post_save, post_delete):
        _signal.connect(
            bump_if_public,
            sender=_model,
            dispatch_uid=f"pagecache.{_model._meta.label}.{_signal is post_save}",
        )
