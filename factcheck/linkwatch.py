"""The link watch: cited pages of published stories are checked again, now and then.

A periodic task (`watch_links`, re-enqueued by itself every LINK_WATCH_INTERVAL
seconds) takes the URLs checked longest ago, so that every URL is seen about once per
LINK_WATCH_PERIOD_DAYS, never more than LINK_WATCH_PER_HOST per host and run (a
bounded rate on any one site). Each URL is fetched through newsroom.fetch and its
`LinkStatus` updated:

- **dead**: the fetch failed or the page answers 4xx/5xx;
- **changed**: the page answers, but its readable text differs substantially from
  our archived copy (similarity below LINK_WATCH_SIMILARITY);
- **ok** otherwise.

The admin's "Watched links" page lists the stories whose evidence died or changed,
with our archived copy to fall back on.
"""

from __future__ import annotations

import difflib
import hashlib
import math
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from newsroom.fetch import FetchError, fetch
from newsroom.tasks import background

from .evidence import latest_captures, readable
from .models import ClaimAppearance, EvidenceCapture, LinkStatus, Source

# Below this similarity (0–1) of readable text, a page "changed substantially".
SIMILARITY = 0.8


def watched_urls() -> set[str]:
    """Every URL cited by a published story: its sources and its claims' appearances."""
    published = Article.objects.published()
    urls = set(
        Source.objects.filter(article__in=published).exclude(url="").values_list("url", flat=True)
    )
    urls |= set(
        ClaimAppearance.objects.filter(claim__article__in=published).values_list("url", flat=True)
    )
    return urls


def due(now, *, interval_seconds: int) -> list[str]:
    """The URLs to check in one run: least recently checked first, a share of the whole
    sized so that all are seen once per period, at most LINK_WATCH_PER_HOST per host."""
    urls = watched_urls()
    if not urls:
        return []
    runs_per_period = max(1, settings.LINK_WATCH_PERIOD_DAYS * 86400 // interval_seconds)
    share = math.ceil(len(urls) / runs_per_period)
    checked = dict(LinkStatus.objects.filter(url__in=urls).values_list("url", "checked_at"))
    oldest = datetime(1970, 1, 1, tzinfo=UTC)
    ordered = sorted(urls, key=lambda url: (checked.get(url) or oldest, url))
    per_host, chosen = Counter(), []
    for url in ordered:
        if len(chosen) >= share:
            break
        host = (urlsplit(url).hostname or "").lower()
        if per_host[host] >= settings.LINK_WATCH_PER_HOST:
            continue
        per_host[host] += 1
        chosen.append(url)
    return chosen


def similarity(before: str, after: str) -> float:
    if before == after:
        return 1.0
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()


def check(url: str, *, now=None) -> LinkStatus:
    """Fetch `url` once and record what it says now. Never raises FetchError."""
    now = now or timezone.now()
    status, _ = LinkStatus.objects.get_or_create(url=url)
    previous_state = status.state
    try:
        page = fetch(url)
    except FetchError as error:
        state, code, detail, digest = LinkStatus.State.DEAD, None, str(error)[:500], ""
    else:
        code, digest = page.status, hashlib.sha256(page.body).hexdigest()
        if page.status >= 400:
            state, detail = LinkStatus.State.DEAD, f"{page.status} {page.reason}"[:500]
        else:
            state, detail = _compare(url, page, digest)
    status.state = state
    status.status_code = code
    status.detail = detail
    status.checked_at = now
    if digest:
        status.sha256 = digest
    status.failures = status.failures + 1 if state == LinkStatus.State.DEAD else 0
    if state != previous_state or status.since is None:
        status.since = now
    status.save()
    return status


def _compare(url, page, digest):
    archive = latest_captures([url]).get(url)
    if archive is None or archive.sha256 == digest:
        return LinkStatus.State.OK, ""
    archived_text = EvidenceCapture.objects.values_list("text", flat=True).get(pk=archive.pk)
    _title, text = readable(page)
    ratio = similarity(archived_text, text)
    if ratio < SIMILARITY:
        return LinkStatus.State.CHANGED, f"{ratio:.0%}"
    return LinkStatus.State.OK, ""


def flagged_stories():
    """Published stories citing a URL that died or changed (the admin lists them)."""
    flagged = LinkStatus.objects.exclude(state=LinkStatus.State.OK).values("url")
    return (
        Article.objects.published()
        .filter(Q(sources__url__in=flagged) | Q(claims__appearances__url__in=flagged))
        .distinct()
        .order_by("-published_at")
    )


@background(attempts=1)
def watch_links(*, interval_seconds: int | None = None) -> int:
    """One run of the watch, then the next one queued. Returns how many URLs were checked."""
    interval = interval_seconds or settings.LINK_WATCH_INTERVAL
    now = timezone.now()
    try:
        urls = due(now, interval_seconds=interval)
        for url in urls:
            check(url, now=now)
    finally:
        schedule(after=timedelta(seconds=interval))
    return len(urls)


def schedule(*, after=timedelta(0)) -> bool:
    """Queue the next run unless one is already waiting. Returns whether one was queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status="READY", task_path__endswith="linkwatch.watch_links"
    )
    if waiting.exists():
        return False
    watch_links.using(run_after=timezone.now() + after).enqueue()
    return True
