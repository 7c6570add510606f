"""Story search: PostgreSQL full text in French, accent-folded LIKE on SQLite.

On PostgreSQL the weighted vector (title A, introduction B, body C) is kept
by a trigger (migration 0003) and indexed with GIN; the query goes through
`websearch_to_tsquery`, which accepts anything a reader types. The planner
walks the GIN index for rare words and the publication-date index for common
ones; ranking then orders the most recent RANK_WINDOW matches.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, Subquery, TextField, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.db import CompiledQuery
from newsroom.folding import fold
from newsroom.pagination import PAGE_SIZE, ListPage, list_page, page_number

from . import listing
from .models import Article

CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200
# Ranking reads every candidate's vector; a common word matches most of the
# archive, so only its most recent matches compete for the first pages.
RANK_WINDOW = 1000
_START, _STOP = "\x02", "\x03"  # markers that cannot come from a reader's text
# Markdown emphasis, code and heading marks in the raw text the snippet is cut from.
_MARKDOWN_MARKS = re.compile(r"\*{2,}|_{2,}|`+|(?:^|(?<=\s))#{1,6}(?=\s)")


def clean_query(raw: str | None) -> str:
    """The query as searched: printable, single-spaced, at most 200 characters."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def has_terms(query: str) -> bool:
    return bool(re.search(r"\w", query))


def search_articles(query: str, now=None):
    """Public stories matching `query` (public at `now`, by default the present), best
    first, each with a `snippet`."""
    stories = Article.objects.published(now=now).for_listing()
    if not has_terms(query):
        return stories.none()
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(query, config=CONFIG, search_type="websearch")
        recent_matches = (
            Article.objects.published(now=now)
            .filter(search_vector=tsquery)
            .latest_first()
            .values("pk")[:RANK_WINDOW]
        )
        return (
            stories.filter(pk__in=Subquery(recent_matches))
            .annotate(
                rank=SearchRank(F("search_vector"), tsquery),
                # The excerpt from the published text (the record), never from
                # rows an editor may be changing since.
                snippet=SearchHeadline(
                    Concat(
                        KeyTextTransform("introduction", "current_version__card"),
                        Value(" "),
                        KeyTextTransform(
                            "verified_facts", KeyTransform("article", "current_version__content")
                        ),
                        output_field=TextField(),
                    ),
                    tsquery,
                    config=CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            # Ties broken by id, as every list: a page boundary between stories of
            # the same rank and instant must not show one twice and skip another.
            .order_by("-rank", "-published_at", "-id")
        )
    # SQLite: every word somewhere in the title, introduction or verified facts,
    # accents, case and apostrophes folded on both sides (newsroom/folding.py).
    words = [fold(word) for word in re.findall(r"\w+", query)[:8]]
    condition = Q()
    for word in words:
        condition &= (
            Q(title__fold__contains=word)
            | Q(introduction__fold__contains=word)
            | Q(verified_facts__fold__contains=word)
        )
    return stories.filter(condition).latest_first()


def highlight(snippet: str | None) -> str:
    """Escape a headline from the database, then turn its markers into <mark>."""
    if not snippet:
        return ""
    text = escape(_MARKDOWN_MARKS.sub("", snippet))
    text = text.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 - escaped above; only our <mark> tags remain


# The first page of a search on PostgreSQL, compiled once per connection (Django
# builds and compiles this query's SQL, with its subquery, rank and excerpt, in
# about 1.5 ms at every search): the words stand in three places. Never prepared:
# its best plan depends on the words (a rare word walks the GIN index, a common
# one the dates).
_first_page = CompiledQuery(
    Article,
    lambda query, now: search_articles(query, now=now).values_list(*listing.COLUMNS, "snippet")[
        : PAGE_SIZE + 1
    ],
    {"query": (Article._meta.get_field("title"), "stand-in words 8f3a1c"), "now": listing.NOW},
    repeated={"query", "now"},
    prepare=False,
)


def search_page(request, query: str) -> ListPage:
    """The page of the search for `query` the request names (a `ListPage` of stories
    with their `snippet`); 404 for an empty page after the first. `query` is
    `clean_query`'s and `has_terms`."""
    if connection.vendor != "postgresql" or page_number(request) != 1:
        return list_page(request, search_articles(query))
    rows = _first_page(query=query, now=timezone.now())
    found = listing.stories(row[:-1] for row in rows)
    snippets = {row[0]: row[-1] for row in rows}
    for story in found:
        story.snippet = snippets[story.pk]
    return ListPage(found[:PAGE_SIZE], 1, PAGE_SIZE, len(found) > PAGE_SIZE)
