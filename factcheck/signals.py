"""Chores: the verdict stylesheet follows the scale; pages follow the data; a cited URL
gets archived (factcheck/evidence.py)."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.signals import bump_if_public
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


# The verdict scale shows on public pages (labels, filters): a change forgets them all.
pagecache.forget_everything_when_changed(Rating)


@receiver([post_save, post_delete], sender=Outlet, dispatch_uid="pagecache.factcheck.Outlet")
def forget_outlet(sender, instance, created=False, raw=False, **kwargs):
    """An outlet is named by the record (as it was published) and nowhere live; a
    new one, typed into a draft's sources, shows nowhere public. A rename or a
    deletion still forgets every page, as the other shared names do."""
    if not created and not raw:
        pagecache.bump()


def _bump_for_appearance(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        bump_if_public(sender, instance.claim, **kwargs)


def _bump_for_claim_sources(sender, instance, **kwargs):
    if kwargs.get("action", "").startswith("post_"):
        bump_if_public(sender, instance, **kwargs)


# A story's parts: only a story readers see (or saw) forgets cached pages.
for _model in (Claim, Source):
    for _signal in (post_save, post_delete):
        _signal.connect(
            bump_if_public,
            sender=_model,
            dispatch_uid=f"pagecache.{_model._meta.label}.{_signal is post_save}",
        )
for _signal in (post_save, post_delete):
    _signal.connect(
        _bump_for_appearance,
        sender=ClaimAppearance,
        dispatch_uid=f"pagecache.factcheck.ClaimAppearance.{_signal is post_save}",
    )
m2m_changed.connect(
    _bump_for_claim_sources, sender=Claim.sources.through, dispatch_uid="pagecache.claim_sources"
)
