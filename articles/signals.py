"""Idempotent chores after a save: image renditions. Never workflow."""

import logging

from django.db.models.signals import post_save
from django.dispatch import receiver

from newsroom.images import make_renditions

from .models import Article, Author

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Article, dispatch_uid="articles.hero_renditions")
def hero_renditions(sender, instance, raw=False, **kwargs):
    if raw or not instance.hero_image:
        return
    try:
        make_renditions(instance.hero_image)
    except OSError:
        # The original is still served; renditions are retried at the next save.
        logger.exception("Could not make renditions for %s", instance.hero_image.name)


@receiver(post_save, sender=Author, dispatch_uid="articles.photo_renditions")
def photo_renditions(sender, instance, raw=False, **kwargs):
    if raw or not instance.photo:
        return
    try:
        make_renditions(instance.photo)
    except OSError:
        logger.exception("Could not make renditions for %s", instance.photo.name)
