"""Feeds, sitemaps and robots.txt: valid XML, public stories only, absolute SITE_URL links."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from articles.sitemaps import ArticleSitemap
from tests.factories import make_article
from tests.reader_site import (
    SITEMAP_NS,
    body,
    build_world,
    sitemap_index_locations,
    sitemap_pages,
    xml,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _public_site_url(settings):
    settings.SITE_URL = "https://verif.example"


def story_of(url):
    """The slug of the story page `url` (absolute, on SITE_URL) leads to."""
    assert url.startswith("https://verif.example/"), url
    match = resolve(urlsplit(url).path)
    assert match.view_name == "articles:article_detail", url
    return match.kwargs["slug"]


def test_rss_lists_public_stories_with_absolute_links(client, world):
    """The RSS feed is valid XML whose items link to public stories on the public domain."""
    response = client.get("/flux/articles.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = xml(response).find("channel")
    assert channel.findtext("link") == "https://verif.example/"
    items = channel.findall("item")
    assert [story_of(item.findtext("link")) for item in items] == [world.public.slug]
    item = items[0]
    assert item.findtext("title") == world.public.title
    assert item.findtext("guid") == item.findtext("link")
    assert item.findtext("pubDate")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == world.author.name


def test_atom_lists_public_stories_with_absolute_links(client, world):
    """The Atom feed is valid XML whose entries link to public stories on the public domain."""
    response = client.get("/flux/articles.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = xml(response)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").attrib["href"] for entry in entries]
    assert [story_of(link) for link in links] == [world.public.slug]
    assert entries[0].findtext(f"{ATOM}updated")


def test_region_feed_lists_the_region_and_places_inside_it(client, world):
    """A region's feed has stories about the region and its départements, not other regions."""
    from articles.models import Region

    calvados = Region.objects.filter(parent__slug="normandie").first()
    inside = make_article(title="Bayeux", status="published", region=calvados)
    make_article(
        title="Lille", status="published", region=Region.objects.get(slug="hauts-de-france")
    )
    items = xml(client.get("/flux/regions/normandie.rss")).find("channel").findall("item")
    assert {story_of(item.findtext("link")) for item in items} == {world.public.slug, inside.slug}


def test_feeds_stop_at_thirty_stories(client, db):
    """A feed carries the latest 30 stories, newest first, not the whole archive."""
    now = timezone.now()
    for number in range(33):
        make_article(
            title=f"Sujet {number}",
            status="published",
            published_at=now - timezone.timedelta(minutes=number + 1),
        )
    items = xml(client.get("/flux/articles.rss")).find("channel").findall("item")
    assert len(items) == 30
    assert items[0].findtext("title") == "Sujet 0"


def test_sitemap_index_names_sections_on_the_public_domain(client, world):
    """The sitemap index lists every section on SITE_URL, whatever host answered."""
    locations = sitemap_index_locations(client)
    assert locations
    assert all(location.startswith("https://verif.example/sitemap-") for location in locations)
    paths = {urlsplit(location).path for location in locations}
    assert paths == {
        "/sitemap-pages.xml",
        "/sitemap-regions.xml",
        "/sitemap-authors.xml",
        "/sitemap-articles.xml",
    }


def test_sitemap_index_paginates_large_sections(client, db, monkeypatch):
    """Stories are split over several sitemap pages, each listed in the index, none repeated."""
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    stories = [make_article(title=f"Sujet {n}", status="published") for n in range(5)]
    make_article(title="Brouillon", status="draft")
    locations = [loc for loc in sitemap_index_locations(client) if "sitemap-articles" in loc]
    assert [urlsplit(loc).query for loc in locations] == ["", "p=2", "p=3"]
    seen = []
    for location in locations:
        parts = urlsplit(location)
        urlset = xml(client.get(f"{parts.path}?{parts.query}"))
        urls = urlset.findall(f"{SITEMAP_NS}url")
        assert 1 <= len(urls) <= 2
        seen += [story_of(url.findtext(f"{SITEMAP_NS}loc")) for url in urls]
    assert sorted(seen) == sorted(story.slug for story in stories)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_sitemap_index_does_not_read_every_story(client, db, monkeypatch):
    """Building the index costs a count and an aggregate, not one row per story."""
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(6):
        make_article(title=f"Sujet {number}", status="published")
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap.xml")
    article_reads = [
        q["sql"] for q in queries.captured_queries if '"articles_article"."slug"' in q["sql"]
    ]
    assert article_reads == []


def test_sitemap_lists_public_pages_only(client, world):
    """Sitemap pages list the public story, its author and region, and nothing unpublished."""
    text = "".join(sitemap_pages(client))
    assert f"https://verif.example/articles/{world.public.slug}/" in text
    assert f"https://verif.example/auteurs/{world.author.slug}/" in text
    assert "https://verif.example/regions/normandie/" in text
    assert "https://verif.example/pages/methodologie/" in text
    assert "zzhidden" not in text


def test_sitemap_lastmod_is_the_story_update(client, world):
    """Each story's <lastmod> is its last visible change."""
    urlset = xml(client.get("/sitemap-articles.xml"))
    lastmod = urlset.find(f"{SITEMAP_NS}url").findtext(f"{SITEMAP_NS}lastmod")
    assert lastmod == timezone.localtime(world.public.modified_at).date().isoformat()


def test_news_sitemap_has_the_last_two_days_only(client, db):
    """The Google News sitemap lists public stories of the last two days, in its namespace."""
    now = timezone.now()
    fresh = make_article(title="Fraîche & neuve", status="published", published_at=now)
    make_article(title="Vieille", status="published", published_at=now - timezone.timedelta(days=3))
    make_article(title="Demain", status="published", published_at=now + timezone.timedelta(hours=2))
    make_article(title="Brouillon", status="draft")
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"].startswith("application/xml")
    urlset = xml(response)
    assert urlset.tag == f"{SITEMAP_NS}urlset"
    urls = urlset.findall(f"{SITEMAP_NS}url")
    assert [story_of(url.findtext(f"{SITEMAP_NS}loc")) for url in urls] == [fresh.slug]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Fraîche & neuve"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "fr"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name")
    published = news.findtext(f"{NEWS}publication_date")
    assert timezone.datetime.fromisoformat(published) == fresh.published_at


def test_news_sitemap_stops_at_a_thousand(client, db):
    """However busy the last two days, the news sitemap reads 1,000 stories at most."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap-news.xml")
    sql = [q["sql"] for q in queries.captured_queries if "articles_article" in q["sql"]]
    assert sql and all("LIMIT 1000" in statement for statement in sql), sql


def test_robots_txt_points_to_both_sitemaps(client, db):
    """robots.txt names the sitemap index and the news sitemap, and keeps robots out of search."""
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = body(response).splitlines()
    assert "Sitemap: https://verif.example/sitemap.xml" in lines
    assert "Sitemap: https://verif.example/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /recherche/" in lines
    assert "Disallow: /en/recherche/" in lines


def test_feeds_are_well_formed_with_hostile_titles(client, db):
    """A title full of markup characters still gives well-formed feeds and sitemaps."""
    make_article(title='Le "<b>" & l\'</title> de Caen', status="published")
    for url in ("/flux/articles.rss", "/flux/articles.atom", "/sitemap-news.xml"):
        ET.fromstring(client.get(url).content)  # noqa: S314 - our own output


def test_sitemap_index_lastmod_is_the_latest_publication_or_edit(db):
    """The articles section's last modification: the newest of publications and
    visible edits (each read from its own index, newest first), drafts ignored."""
    from articles.models import Article

    older = make_article(title="Sujet ancien", status="published")
    newer = make_article(title="Sujet récent", status="published")
    draft = make_article(title="Brouillon", status="draft")
    sitemap = ArticleSitemap()
    assert sitemap.get_latest_lastmod() == newer.published_at
    edited = newer.published_at + timezone.timedelta(minutes=5)
    Article.objects.filter(pk=older.pk).update(content_updated_at=edited)
    Article.objects.filter(pk=draft.pk).update(content_updated_at=edited + timezone.timedelta(1))
    assert sitemap.get_latest_lastmod() == edited


FEEDS = [
    "/flux/articles.rss",
    "/flux/articles.atom",
    "/flux/regions/normandie.rss",
]


@pytest.fixture
def archive(db):
    """Stories with the feed's every element: a byline, a region, an introduction
    with markup characters, an edit after publication; and one from before the
    published record (no version)."""
    from articles.models import Article

    now = timezone.now().replace(microsecond=0)
    author = build_world().author
    for number in range(6):
        story = make_article(
            title=f"Criée de Port-en-Bessin <{number}> & marée",
            introduction=f"Le « cours » du bar {number} < 12 € & plus.",
            status="published",
            author=author,
            published_at=now - timezone.timedelta(hours=number + 2),
        )
        if number == 1:
            Article.objects.filter(pk=story.pk).update(content_updated_at=now)
    legacy = make_article(title="Archive sans version", status="published")
    Article.objects.filter(pk=legacy.pk).update(current_version=None)


@pytest.mark.parametrize("address", FEEDS)
def test_kept_items_are_what_djangos_writer_writes(client, archive, address, monkeypatch):
    """The items a worker keeps are written as Django's writer wrote them: the
    feed and its Last-Modified are the same, byte for byte, with no item kept, with
    every item kept, and from Django's writer alone, after the same queries."""
    from articles import feeds

    feeds.FEED_ITEMS.clear()
    with monkeypatch.context() as patched:
        patched.setattr(feeds.LatestArticlesFeed, "feed_extra_kwargs", lambda self, obj: {})
        with CaptureQueriesContext(connection) as written:
            reference = client.get(address)
    assert not feeds.FEED_ITEMS._cards  # Django's writer alone keeps nothing
    first = client.get(address)
    kept = len(feeds.FEED_ITEMS._cards)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(address)
    assert kept >= 6  # every story with a published version
    for response in (first, again):
        assert response.status_code == 200
        assert response.content == reference.content
        assert response["Last-Modified"] == reference["Last-Modified"]
    assert len(queries) == len(written)  # the same rows read


def test_a_new_version_of_a_story_is_written_anew(client, archive):
    """A correction is a new published version: the feed shows it, not the item kept."""
    from articles import feeds
    from articles.models import Article
    from tests.factories import refreeze

    client.get("/flux/articles.rss")
    story = Article.objects.published().latest_first().first()
    story.title = "Criée de Port-en-Bessin : cours corrigé"
    story.save()
    refreeze(story)
    titles = [item.findtext("title") for item in xml(client.get("/flux/articles.rss")).iter("item")]
    assert titles[0] == "Criée de Port-en-Bessin : cours corrigé"
    assert feeds.FEED_ITEMS._cards
