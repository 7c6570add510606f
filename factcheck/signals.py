"""Chores: the verdict stylesheet follows the scale; pages follow the data; a cited URL
gets archived (factcheck/evidence.py)."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from newsroom import pagecache

from .evidence import queue_archive
from .models import Claim, ClaimAppearance, Outlet, Rating, Source
from .views import VERDICT_CSS_KEY


@receiver(post_save, sender=Source, dispatch_uid="factcheck.archive_source")
@receiver(post_save, sender=ClaimAppearance, dispatch_uid="factcheck.archive_appearance")
def archive_cited_url(sender, instance, raw=False, **kwargs):
    """Idempotent: queues archiving only a URL we have no usable copy of."""
    if not raw and instance.url:
        queue_archive(instance.url)


@receiver([post_save, post_delete], sender=Rating, dispatch_uid="factcheck.verdict_css")
def forget_verdict_css(sender, **kwargs):
    cache.delete(VERDICT_CSS_KEY)


for _model in (Claim, ClaimAppearance, Outlet, Rating, Source):
    for _signal in (post_save, post_delete):
        _signal.connect(
            pagecache.bump,
            sender=_model,
            dispatch_uid=f"pagecache.{_model._meta.label}.{_signal is post_save}",
        )
m2m_changed.connect(
    pagecache.bump, sender=Claim.sources.through, dispatch_uid="pagecache.claim_sources"
)
