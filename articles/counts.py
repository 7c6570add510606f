"""Counts readers see, computed once per content generation and cached.

Counting a prolific author's public stories at every page view would cost more
than the page; the count changes only when content does (the page cache's
generation moves on) or when a scheduled story's time comes. So the cache
keeps, per author, the number of bylines and the few bylines on stories that
are not public, with their publication time: the count is exact at any
moment without asking the database when the next story goes public.
"""

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from newsroom import pagecache

from .models import Article, ArticleAuthor, Status

TIMEOUT = 3600


def published_counts(author_ids) -> dict[int, int]:
    """{author id: number of public stories they sign}."""
    author_ids = list(dict.fromkeys(author_ids))
    if not author_ids:
        return {}
    generation = pagecache.generation()
    keys = {f"articles:published-count:{generation}:{pk}": pk for pk in author_ids}
    cached = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [pk for pk in author_ids if pk not in cached]
    if missing:
        # All bylines minus the few on non-public stories: two index scans, instead
        # of checking the status of each of a prolific author's stories.
        bylines = ArticleAuthor.objects.filter(author_id__in=missing)
        computed = {pk: [0, []] for pk in missing}
        for row in bylines.values("author_id").annotate(n=Count("*")):
            computed[row["author_id"]][0] = row["n"]
        hidden = bylines.filter(article__in=Article.objects.not_public()).values_list(
            "author_id", "article__status", "article__published_at"
        )
        for author_id, status, published_at in hidden:
            scheduled = published_at.timestamp() if status == Status.PUBLISHED else None
            computed[author_id][1].append(scheduled)
        cache.set_many(
            {
                f"articles:published-count:{generation}:{pk}": value
                for pk, value in computed.items()
            },
            TIMEOUT,
        )
        cached.update(computed)
    now = timezone.now().timestamp()
    return {
        pk: total - sum(1 for when in hidden if when is None or when > now)
        for pk, (total, hidden) in cached.items()
    }
