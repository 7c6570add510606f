"""Counts readers see, computed once per content generation and cached.

Counting a prolific author's public stories at every page view would cost more
than the page; the count changes only when content does, which is exactly when
the page cache's generation moves on.
"""

from django.core.cache import cache
from django.db.models import Count

from newsroom import pagecache

from .models import Article, ArticleAuthor


def published_counts(author_ids) -> dict[int, int]:
    """{author id: number of public stories they sign}."""
    author_ids = list(dict.fromkeys(author_ids))
    if not author_ids:
        return {}
    generation = pagecache.generation()
    keys = {f"articles:published-count:{generation}:{pk}": pk for pk in author_ids}
    counts = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [pk for pk in author_ids if pk not in counts]
    if missing:
        # All bylines minus the few on non-public stories: two index scans, instead
        # of checking the status of each of a prolific author's stories.
        bylines = ArticleAuthor.objects.filter(author_id__in=missing)
        hidden = bylines.filter(article__in=Article.objects.not_public())
        computed = dict.fromkeys(missing, 0)
        for row in bylines.values("author_id").annotate(n=Count("*")):
            computed[row["author_id"]] += row["n"]
        for row in hidden.values("author_id").annotate(n=Count("*")):
            computed[row["author_id"]] -= row["n"]
        timeout = pagecache.content_timeout(generation, 3600)
        if timeout:
            cache.set_many(
                {f"articles:published-count:{generation}:{pk}": n for pk, n in computed.items()},
                timeout,
            )
        counts.update(computed)
    return counts
