"""Cache chores: the verdict stylesheet follows the scale."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Rating
from .views import VERDICT_CSS_KEY


@receiver([post_save, post_delete], sender=Rating, dispatch_uid="factcheck.verdict_css")
def forget_verdict_css(sender, **kwargs):
    cache.delete(VERDICT_CSS_KEY)
