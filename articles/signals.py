"""Idempotent chores after a save: image renditions, cache purges. Never workflow."""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from newsroom import pagecache
from newsroom.context_processors import SITE_PAGES_CACHE_KEY
from newsroom.text import clean_text

from .models import (
    Article,
    ArticleAuthor,
    Author,
    AuthorLink,
    Correction,
    PublishedVersion,
    Quote,
    Region,
    SitePage,
)
from .renditions import image_renditions

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Article, dispatch_uid="articles.hero_renditions")
@receiver(post_save, sender=Author, dispatch_uid="articles.photo_renditions")
def renditions_after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        image_renditions(instance)
    except OSError:
        # Readers get the placeholder-free page without the image file until the next
        # save or `manage.py regenerate_renditions` makes it.
        logger.exception("Could not make renditions for %s %s", sender.__name__, instance.pk)


@receiver(pre_save, sender=Tag, dispatch_uid="articles.clean_tag_name")
def clean_tag_name(sender, instance, raw=False, **kwargs):
    """Tags are taggit's model, not ours: their names are cleaned like our text fields
    (newsroom/fields.py), whoever saves one."""
    instance.name = clean_text(instance.name, multiline=False)


@receiver([post_save, post_delete], sender=SitePage, dispatch_uid="articles.footer_pages")
def forget_footer_pages(sender, **kwargs):
    cache.delete(SITE_PAGES_CACHE_KEY)


# Anything a public page shows: a change forgets every cached page.
for _model in (
    Article,
    ArticleAuthor,
    Author,
    AuthorLink,
    Correction,
    PublishedVersion,
    Quote,
    Region,
    SitePage,
    Tag,
    TaggedItem,
):
    for _signal in (post_save, post_delete):
        _signal.connect(
            pagecache.bump,
            sender=_model,
            dispatch_uid=f"pagecache.{_model._meta.label}.{_signal is post_save}",
        )
