"""Counts readers see, computed once per content generation and cached.

Counting a prolific author's public stories at every page view would cost more
than the page; the count changes only when content does (the page cache's
generation moves on) or when a scheduled story's time comes. So the cache
keeps, per author, the number of bylines on public or scheduled stories and
the scheduled ones' publication times: the count is exact at any moment
without asking the database when the next story goes public.

Story pages' author boxes ask with `exact=False`: their counts are kept per
author for PAGE_CACHE_SECONDS (at least 60 s) whatever the generation (a
cached story page keeps them that long anyway), so a publication does not make every story page
of a prolific author recount (0.65 s for 295,000 bylines at a million
stories). One process counts an author at a time; the others get no count for
that author meanwhile (the box then links to the author's page without a
number) instead of piling the same query up until the statement timeout. Each
worker also keeps the recent counts it read for `RECENT_MEMO_SECONDS` (`RECENT`):
a story page then reads no cache at all for its author box (a file cache's read
is an open, a read and an unpickling per author).
"""

import threading
import time
from bisect import bisect_right

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.models import Count
from django.utils import timezone

from newsroom import pagecache

from .models import Article, ArticleAuthor, Status

TIMEOUT = 3600
# The cached values' form is in the key: a deployment never reads an older form.
PREFIX = "articles:published-count:v2:"
RECENT_MEMO_SECONDS = 10
RECENT_MEMO_AUTHORS = 4096


class RecentCounts:
    """Each worker's copy of the recent counts it read: {author id: (time it was read,
    cached value)}, each for `RECENT_MEMO_SECONDS`, at most `RECENT_MEMO_AUTHORS`
    (all forgotten when full). Wall-clock time, as the shared cache's expiry: a
    clock set back forgets the copy rather than keeping it longer."""

    def __init__(self):
        self._values: dict[int, tuple[float, list]] = {}
        self._lock = threading.Lock()

    def get(self, author_ids, now: float) -> dict[int, list]:
        found = {}
        for pk in author_ids:
            kept = self._values.get(pk)
            if kept is not None and 0 <= now - kept[0] < RECENT_MEMO_SECONDS:
                found[pk] = kept[1]
        return found

    def keep(self, values: dict[int, list], now: float) -> None:
        with self._lock:
            if len(self._values) + len(values) > RECENT_MEMO_AUTHORS:
                self._values.clear()
            for pk, value in values.items():
                self._values[pk] = (now, value)

    def clear(self, **_signal) -> None:
        with self._lock:
            self._values.clear()


RECENT = RecentCounts()
setting_changed.connect(RECENT.clear, dispatch_uid="articles.counts.recent")


def published_counts(author_ids, *, exact: bool = True) -> dict[int, int]:
    """{author id: number of public stories they sign}.

    `exact`: as of the current content generation (author pages, the API). Without
    it, as of at most PAGE_CACHE_SECONDS (and at least 60 s) plus
    RECENT_MEMO_SECONDS ago, and an author another process is counting right now
    is left out of the answer.
    """
    author_ids = list(dict.fromkeys(author_ids))
    if not author_ids:
        return {}
    read_at = time.time()
    if exact:
        prefix, timeout = f"{PREFIX}{pagecache.generation()}:", TIMEOUT
        cached = {}
    else:
        prefix, timeout = f"{PREFIX}recent:", max(settings.PAGE_CACHE_SECONDS, 60)
        cached = RECENT.get(author_ids, read_at)
    keys = {f"{prefix}{pk}": pk for pk in author_ids if pk not in cached}
    shared = {keys[key]: value for key, value in cache.get_many(list(keys)).items()} if keys else {}
    cached.update(shared)
    missing = [pk for pk in author_ids if pk not in cached]
    locks = []
    if not exact:
        # One process counts an author at a time; the others leave that author out.
        busy = {pk: f"articles:published-count:busy:{pk}" for pk in missing}
        missing = [pk for pk in missing if cache.add(busy[pk], 1, 30)]
        locks = [busy[pk] for pk in missing]
    try:
        if missing:
            shared.update(_count(missing, prefix, timeout))
            cached.update(shared)
    finally:
        if locks:
            cache.delete_many(locks)
    if not exact and shared:
        RECENT.keep(shared, read_at)
    now = timezone.now().timestamp()
    # The scheduled stories whose time has not come yet are not public.
    return {
        pk: public - (len(scheduled) - bisect_right(scheduled, now))
        for pk, (public, scheduled) in cached.items()
    }


def _count(author_ids, prefix: str, timeout: int) -> dict[int, list]:
    """Count and cache, per author, [public or scheduled bylines, the scheduled
    stories' publication times in order].

    All bylines minus the few on stories neither public nor scheduled: two index
    scans, instead of checking the status of each of a prolific author's stories.
    A prolific author's drafts and withdrawn stories are a number, not a list read
    at each page (1,500 entries for the bench's most prolific author).
    """
    bylines = ArticleAuthor.objects.filter(author_id__in=author_ids)
    computed = {pk: [0, []] for pk in author_ids}
    for row in bylines.values("author_id").annotate(n=Count("*")):
        computed[row["author_id"]][0] = row["n"]
    hidden = bylines.filter(article__in=Article.objects.not_public()).values_list(
        "author_id", "article__status", "article__published_at"
    )
    for author_id, status, published_at in hidden:
        if status == Status.PUBLISHED:
            computed[author_id][1].append(published_at.timestamp())
        else:
            computed[author_id][0] -= 1
    for _public, scheduled in computed.values():
        scheduled.sort()
    cache.set_many({f"{prefix}{pk}": value for pk, value in computed.items()}, timeout)
    return computed
