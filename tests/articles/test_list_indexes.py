"""Every story list is read from an index in the order the page shows it.

Lists order stories newest first, ties in id order (`latest_first()`). Stories share
an instant more often than one would think: a batch scheduled for 6:00, an
imported archive dated to the minute. If the index gave only the date, PostgreSQL
read every story of the page's last instant, joined each to its published version
and sorted them, for a page of twenty: on the bench's corpus, 65 stories and their
cards for the front page's 12. With the id in the index the plan has no sort.

The tests ask PostgreSQL for a plan where a sort would be a full one (no
incremental sort) on tables too small to matter otherwise: an index that gives
the order is then always chosen, if there is one.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import listing
from articles.models import Article, ArticleAuthor, Author, Region, Status
from newsroom.pagination import PAGE_SIZE, cursor, dated_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
]

STORIES = 400
AT_ONE_INSTANT = 80


@pytest.fixture
def archive():
    """`STORIES` public stories in one place, `AT_ONE_INSTANT` of the newest at the
    same instant, every one tagged and bylined."""
    place = Region.objects.get(slug="normandie")
    newest = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    stories = Article.objects.bulk_create(
        Article(
            title=f"Marché de nuit à Honfleur, soirée {number}",
            slug=f"marche-{number}",
            region=place,
            status=Status.PUBLISHED,
            published_at=newest - datetime.timedelta(minutes=max(0, number - AT_ONE_INSTANT)),
            introduction="Les exposants reviennent sur le quai.",
        )
        for number in range(STORIES)
    )
    tag = Tag.objects.create(name="marchés", slug="marches")
    kind = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(tag=tag, content_type=kind, object_id=story.pk) for story in stories
    )
    author = Author.objects.create(name="Inès Marchand", slug="ines-marchand")
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=story, author=author, position=0) for story in stories
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return place, tag, author


def explain(sql: str, params=()) -> str:
    """The plan of `sql` where a table this small is not read whole, and where only
    an index can give the order without a full sort: does one give it?"""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_incremental_sort = off")
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_incremental_sort")


def lists(place, tag, author):
    public = Article.objects.published()
    return {
        "front page and feeds": public,
        "tag page": public.tagged(tag),
        "author page": public.bylined(author.pk),
        "a place's page": public.in_places([place.pk]),
    }


def test_lists_need_no_sort_when_stories_share_an_instant(archive):
    for name, stories in lists(*archive).items():
        shown = explain(*listing._newest(stories, PAGE_SIZE + 1).query.sql_with_params())
        assert "Sort" not in shown, f"{name}:\n{shown}"
        assert "_pub_id_idx" in shown, f"{name}:\n{shown}"


@pytest.mark.parametrize("direction", ["before", "after"])
def test_older_and_newer_pages_need_no_sort_either(archive, rf, direction):
    """``?before=`` and ``?after=`` pages walk the same index from their position,
    here the middle of the instant the newest stories share."""
    middle = Article.objects.published().latest_first()[AT_ONE_INSTANT // 2]
    request = rf.get("/", {direction: cursor(middle, "published_at")})
    for name, stories in lists(*archive).items():
        with CaptureQueriesContext(connection) as queries:
            page = dated_page(request, stories.for_listing())
        assert len(page.object_list) == PAGE_SIZE
        (query,) = queries.captured_queries
        shown = explain(query["sql"])
        assert "Sort" not in shown, f"{name}, {direction}:\n{shown}"
