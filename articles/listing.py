"""The first pages of the busiest lists, compiled once per connection.

The front page, the site's feeds, the fact-check index, a tag's, an author's and a
region's page, as
most readers reach them (no position in the address), each run one query of fixed
shape. Django builds
and compiles that query at every request: for the front page's two lists, more
CPU than running them. Here each is a `CompiledQuery` (newsroom/db.py), built
from the same manager methods as the ORM path, so the rule of what readers may
see stays written once (`ArticleQuerySet.published`), and its rows become the
same stories `for_listing()` loads: the listing fields of the story and its
current published version (the card), the other fields deferred.

A published version never changes once written (articles/models/record.py), so
the query reads the stories alone, and each worker keeps the listed fields of the
versions it has read (`VERSIONS`, the last 4,096, by id): a second query fetches
those it does not hold, in one go. A list of held versions is one query without
a join, and no card's JSON to ship and decode: the card is about a kilobyte, and
a page lists twenty.

Pages further down a list (``?before=``, ``?after=``, ``?page=``) go through
`newsroom.pagination.dated_page` and the ORM (`dated`, which the fact-check
index's filters use too), and a region's feed through `listed`: their stories too
are read alone and given their versions the same way.
"""

import datetime

from django.utils import timezone
from taggit.models import Tag

from newsroom.db import CompiledQuery, from_rows
from newsroom.pagination import PAGE_SIZE, ListPage, dated_page, first_page, names_position

from .models import Article, ArticleAuthor, PublishedVersion
from .models.article import LISTING_FIELDS, VERSION_LISTED
from .templatetags.cards import CardStore

FRONT_STORIES = 12
FRONT_FACTCHECKS = 6
# The site's feeds (articles/feeds.py).
FEED_STORIES = 30
# A region's list is compiled for each number of places it covers, up to this many
# (a region and its departments); a place covering more goes through the ORM.
COMPILED_PLACES = 32

# The story's id and listing fields: the columns of a compiled list's rows (`stories`).
COLUMNS = ("pk", *LISTING_FIELDS)
_STORY_COLUMNS = tuple(Article._meta.get_field(name).attname for name in LISTING_FIELDS)
# A version's id and listed fields ({attname: value}), by version id.
_VERSION_FIELDS = ("id", *VERSION_LISTED)
VERSIONS = CardStore()
# A story's version set as select_related() sets it: in the field's cache, without
# the assignment's checks (its type, the router) at each of a list's stories.
_CURRENT_VERSION = Article._meta.get_field("current_version")
# The time of the request in a compiled lookup of public stories (the story page's too).
NOW = (
    Article._meta.get_field("published_at"),
    datetime.datetime(1, 1, 1, 0, 0, 1, 1, tzinfo=datetime.UTC),
)
# An id no row has, as the stand-in of a tag's or an author's.
_ID_STAND_IN = -(2**62) + 7


def stories(rows) -> list[Article]:
    """The stories of compiled listing rows (`COLUMNS`), as ``for_listing()`` loads
    them: each with its current version, from this worker's `VERSIONS` or, for those
    it does not hold, one query (`with_versions`)."""
    return with_versions(_rows_stories(rows))[0]


def _rows_stories(rows) -> list[Article]:
    names = ("id", *_STORY_COLUMNS)
    return from_rows(Article, [dict(zip(names, row, strict=True)) for row in rows])


def with_versions(*lists: list[Article]) -> list[list[Article]]:
    """`lists` of stories loaded with their listing fields, each story given its
    current version's listed fields: those this worker holds (`VERSIONS`), the others
    read in one query for all the lists and kept. A story whose version that query
    does not find is left out, never shown with a card read from the live story
    (PostgreSQL refuses to delete a version readers could see; SQLite has no such
    guard)."""
    held, missing = {}, set()
    for stories in lists:
        for story in stories:
            pk = story.current_version_id
            if pk is not None and pk not in held:
                values = VERSIONS.get(pk)
                if values is None:
                    missing.add(pk)
                else:
                    held[pk] = values
    if missing:
        for values in PublishedVersion.objects.filter(pk__in=missing).values(*_VERSION_FIELDS):
            held[values["id"]] = values
            VERSIONS.keep(values["id"], values)
    shown = []
    for stories in lists:
        kept = [s for s in stories if s.current_version_id is None or s.current_version_id in held]
        versioned = [story for story in kept if story.current_version_id is not None]
        versions = from_rows(PublishedVersion, [held[s.current_version_id] for s in versioned])
        for story, version in zip(versioned, versions, strict=True):
            _CURRENT_VERSION.set_cached_value(story, version)  # as select_related() sets it
        shown.append(kept)
    return shown


def listed(queryset) -> list[Article]:
    """The stories of `queryset` (sliced, ordered: a list), read with their listing
    fields only and given their versions as the compiled lists' are."""
    return with_versions(list(queryset.only(*LISTING_FIELDS)))[0]


def dated(request, queryset) -> ListPage:
    """The page of `queryset`'s stories that the request names (`dated_page`), read
    with their listing fields only and given their versions as the compiled lists'
    are."""
    page = dated_page(request, queryset.only(*LISTING_FIELDS))
    page.object_list = with_versions(page.object_list)[0]
    return page


def _newest(queryset, count):
    return queryset.latest_first().values_list(*COLUMNS)[:count]


_front_stories = CompiledQuery(
    Article,
    lambda now: _newest(Article.objects.published(now=now), FRONT_STORIES),
    {"now": NOW},
)
_front_factchecks = CompiledQuery(
    Article,
    lambda now: _newest(Article.objects.published(now=now).fact_checked(), FRONT_FACTCHECKS),
    {"now": NOW},
)
_latest = CompiledQuery(
    Article,
    lambda now: _newest(Article.objects.published(now=now), FEED_STORIES),
    {"now": NOW},
)
_fact_checked = CompiledQuery(
    Article,
    lambda now: _newest(Article.objects.published(now=now).fact_checked(), PAGE_SIZE + 1),
    {"now": NOW},
)
_tagged = CompiledQuery(
    Article,
    lambda now, tag: _newest(Article.objects.published(now=now).tagged(Tag(pk=tag)), PAGE_SIZE + 1),
    {"now": NOW, "tag": (Tag._meta.pk, _ID_STAND_IN)},
)
_by_author = CompiledQuery(
    Article,
    lambda now, author: _newest(Article.objects.published(now=now).bylined(author), PAGE_SIZE + 1),
    {"now": NOW, "author": (ArticleAuthor._meta.get_field("author"), _ID_STAND_IN)},
)


def front_page() -> tuple[list[Article], list[Article]]:
    """The front page's latest stories and latest fact-checks (two queries, and a
    third for the versions this worker does not hold)."""
    now = timezone.now()
    latest, factchecks = with_versions(
        _rows_stories(_front_stories(now=now)), _rows_stories(_front_factchecks(now=now))
    )
    return latest, factchecks


def latest() -> list[Article]:
    """The newest `FEED_STORIES` public stories, newest first: the site's feeds."""
    return stories(_latest(now=timezone.now()))


def fact_checked(request):
    """The page of public stories with a rated claim the request names (a `ListPage`):
    the fact-check index without filters."""
    if names_position(request):
        return dated(request, Article.objects.published().fact_checked())
    return first_page(stories(_fact_checked(now=timezone.now())))


def tagged(request, tag):
    """The page of `tag`'s public stories the request names (a `ListPage`)."""
    if names_position(request):
        return dated(request, Article.objects.published().tagged(tag))
    return first_page(stories(_tagged(now=timezone.now(), tag=tag.pk)))


def by_author(request, author):
    """The page of `author`'s public stories the request names (a `ListPage`)."""
    if names_position(request):
        return dated(request, Article.objects.published().bylined(author.pk))
    return first_page(stories(_by_author(now=timezone.now(), author=author.pk)))


def _in_places(count: int) -> CompiledQuery:
    names = [f"place{n}" for n in range(count)]

    def build(now, **places):
        return _newest(
            Article.objects.published(now=now).in_places([places[n] for n in names]),
            PAGE_SIZE + 1,
        )

    region = Article._meta.get_field("region")
    return CompiledQuery(
        Article,
        build,
        {"now": NOW, **{name: (region, _ID_STAND_IN + n) for n, name in enumerate(names)}},
    )


_in_region: dict[int, CompiledQuery] = {}


def in_region(request, region, places=None):
    """The page of the public stories about `region` or a place inside it that the
    request names (a `ListPage`); `places` is `region.self_and_descendant_ids()`
    when the caller has it."""
    places = places if places is not None else region.self_and_descendant_ids()
    if names_position(request) or len(places) > COMPILED_PLACES:
        return dated(request, Article.objects.published().in_places(places))
    compiled = _in_region.get(len(places))
    if compiled is None:
        compiled = _in_region.setdefault(len(places), _in_places(len(places)))
    values = {f"place{n}": pk for n, pk in enumerate(places)}
    return first_page(stories(compiled(now=timezone.now(), **values)))
