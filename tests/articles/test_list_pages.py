"""The list pages' blocks written in Python (articles/list_pages.py,
factcheck/index_page.py): every text an editor writes comes out escaped, the
page links keep the list's place and filters, and what each worker keeps (the
front page's regions, the index's filters) follows every change."""

import datetime
import json
from urllib.parse import urlencode

import pytest
from taggit.models import Tag

from articles.list_pages import pagination
from articles.models import Author, AuthorLink, Region
from factcheck.models import Rating
from newsroom.pagination import ListPage
from tests.factories import add_claim, make_article
from tests.html import listed_stories, published_count, script_problems
from tests.reader_site import body, json_ld, page

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & « Cie » 'quote'"


def _escaped_everywhere(html: str) -> None:
    assert script_problems(html, allowed_tags={"script", "meta", "link", "form"}) == []
    assert '<script>alert("x")</script>' not in html
    assert "<script>alert" not in html.replace('<script type="application/ld+json">', "")


def test_a_hostile_tag_name_is_written_as_text(client):
    story = make_article(status="published", title=f"Titre {HOSTILE}")
    tag = Tag.objects.create(name=HOSTILE, slug="hostile")
    story.tags.add(tag)
    response = client.get("/tags/hostile/")
    html = body(response)
    _escaped_everywhere(html)
    document = page(client, "/tags/hostile/")
    assert document.find("title").text.startswith(HOSTILE)
    assert document.find("h1").text == f"Articles avec l'étiquette « {HOSTILE} »"
    [collection] = [item for item in json_ld(document) if item["@type"] == "CollectionPage"]
    assert HOSTILE in collection["name"]  # the text itself, not its HTML
    assert listed_stories(html) == [story.get_absolute_url()]


def test_a_hostile_region_name_is_written_as_text(client):
    normandie = Region.objects.get(slug="normandie")
    place = Region.objects.create(
        name=HOSTILE, slug="lieu-hostile", level=Region.Level.DEPARTEMENT, parent=normandie
    )
    story = make_article(status="published", region=place)
    assert "Normandie" in page(client, "/").find("ul", cls="region-list").text  # kept
    normandie.name = f"Normandie {HOSTILE}"
    normandie.save()
    html = body(client.get("/regions/lieu-hostile/"))
    _escaped_everywhere(html)
    document = page(client, "/regions/lieu-hostile/")
    breadcrumbs = document.find("p", cls="kicker")
    assert breadcrumbs.text == f"Normandie {HOSTILE}"
    assert HOSTILE in document.find("h1").text
    feed = document.find("link", type="application/rss+xml", title=HOSTILE)
    assert feed is not None and feed.attrs["href"] == "/flux/regions/lieu-hostile.rss"
    assert listed_stories(html) == [story.get_absolute_url()]
    # The front page's list of regions shows the new name (a change forgets it).
    front = page(client, "/").find("ul", cls="region-list")
    assert f"Normandie {HOSTILE}" in front.text


def test_every_field_of_an_author_page_is_written_as_text(client):
    author = Author.objects.create(
        name=HOSTILE,
        slug="auteur-hostile",
        job_title=HOSTILE,
        email="redaction@example.org",
        expertise=f"marées, {HOSTILE}",
        biography=f"Journaliste **locale** {HOSTILE}",
    )
    AuthorLink.objects.create(author=author, label=HOSTILE, url="https://example.org/?a=1&b=<2>")
    make_article(status="published", author=author)
    make_article(status="published", author=author)
    html = body(client.get("/auteurs/auteur-hostile/"))
    _escaped_everywhere(html)
    document = page(client, "/auteurs/auteur-hostile/")
    header = document.find("header", cls="author-header")
    assert header.find("h1").text == HOSTILE
    assert header.find("p", cls="job-title").text == HOSTILE
    assert header.find("div", cls="bio").find("strong").text == "locale"
    assert header.find("a", rel="me noopener").attrs["href"] == "https://example.org/?a=1&b=<2>"
    assert header.find("a", rel="me noopener").text == HOSTILE
    assert header.find("a", href="mailto:redaction@example.org") is not None
    assert published_count(html) == 2
    assert len(listed_stories(html)) == 2


def test_the_page_links_keep_the_filters_and_escape_them():
    listed = ListPage(
        object_list=[],
        number=None,
        per_page=20,
        has_next=True,
        query="before=x",
        previous_query="after=2026-11-01T10%3A00%3A00Z~5",
        next_query="before=2026-10-01T10%3A00%3A00Z~4",
        before=datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC),
    )
    html = pagination(listed, "/verifications/", 'verdict=faux&x="><b>')
    assert '<a rel="prev" href="?verdict=faux&amp;x=&quot;&gt;&lt;b&gt;&amp;after=' in html
    assert '<a rel="next" href="?verdict=faux&amp;x=&quot;&gt;&lt;b&gt;&amp;before=' in html
    assert "<span>Avant le 1 novembre 2026</span>" in html
    assert pagination(ListPage([], 1, 20, has_next=False), "/tags/x/") == "\n"
    # The first page of a list without filters is its plain address.
    first = ListPage([], None, 20, has_next=True, previous_query="", next_query="before=y")
    assert '<a rel="prev" href="/tags/x/">' in pagination(first, "/tags/x/")
    numbered = ListPage([], 3, 20, has_next=True)
    assert "<span>Page 3</span>" in pagination(numbered, "/recherche/", "q=port")
    assert '<a rel="prev" href="?q=port&amp;page=2">' in pagination(
        numbered, "/recherche/", "q=port"
    )


def test_the_index_filters_follow_a_new_verdict_and_cost_no_query_once_kept(
    client, django_assert_max_num_queries
):
    faux = Rating.objects.get(slug="faux")
    add_claim(make_article(status="published"), faux)
    page(client, "/verifications/")
    # Kept: the index reads its stories only (with the site's generation, kept too).
    with django_assert_max_num_queries(2):
        document = page(client, "/verifications/?verdict=faux")
    assert document.find("option", value="faux").attrs.get("selected") is not None
    Rating.objects.create(label=f"Douteux {HOSTILE}", slug="douteux", position=99, colour="#123456")
    document = page(client, "/verifications/")
    option = document.find("option", value="douteux")
    assert option is not None and option.text == f"Douteux {HOSTILE}"
    _escaped_everywhere(body(client.get("/verifications/")))


def test_an_index_with_no_match_says_so(client):
    document = page(client, "/verifications/?verdict=satire")
    assert document.find("ul", cls="claim-list") is None
    assert "Aucune vérification" in document.find("main").text


def test_the_front_page_lists_its_stories_and_regions(client):
    story = make_article(status="published", title="Lessay : la foire ouvre")
    faux = Rating.objects.get(slug="faux")
    checked = make_article(status="published", title="Bayeux : le chiffre du port")
    add_claim(checked, faux)
    html = body(client.get("/"))
    assert listed_stories(html)[:2] == [checked.get_absolute_url(), story.get_absolute_url()]
    document = page(client, "/")
    regions = [a.text for a in document.find("ul", cls="region-list").find_all("a")]
    assert "Normandie" in regions
    graph = json_ld(document)
    assert {item["@type"] for item in graph} >= {"NewsMediaOrganization", "WebSite"}
    json.dumps(graph)  # plain data


def test_the_front_pages_newsroom_follows_a_new_site_page(client):
    from articles.models import SitePage

    SitePage.objects.filter(kind=SitePage.Kind.ETHICS).delete()
    page(client, "/")
    SitePage.objects.create(
        title="Charte", slug="charte", kind=SitePage.Kind.ETHICS, body="Nos règles."
    )
    graph = json_ld(page(client, "/"))
    [organization] = [item for item in graph if item["@type"] == "NewsMediaOrganization"]
    assert organization["ethicsPolicy"].endswith("/pages/charte/")


def test_a_search_writes_every_text_as_text(client):
    """The search page's blocks: the words typed, each result's region, title and
    excerpt (or introduction) come back as text, in the page's form and the site's."""
    normandie = Region.objects.get(slug="normandie")
    place = Region.objects.create(
        name=f"Saint-Lô {HOSTILE}",
        slug="saint-lo",
        level=Region.Level.DEPARTEMENT,
        parent=normandie,
    )
    story = make_article(
        status="published",
        title=f"Tanneries de Saint-Lô {HOSTILE}",
        introduction=f"Les tanneries rouvrent {HOSTILE}",
        region=place,
    )
    query = f"Tanneries {HOSTILE}"  # words no story holds: nothing found
    html = body(client.get("/recherche/", {"q": query}))
    _escaped_everywhere(html)
    document = page(client, "/recherche/?" + urlencode({"q": query}))
    assert [field.attrs["value"] for field in document.find_all("input", name="q")] == [query] * 2
    assert document.find("title").text.startswith(f"Recherche : {' '.join(query.split())}")
    assert " ".join(query.split()) in document.find("p", role="status").text
    html = body(client.get("/recherche/", {"q": "tanneries"}))
    _escaped_everywhere(html)
    document = page(client, "/recherche/?q=tanneries")
    assert listed_stories(html) == [story.get_absolute_url()]
    card = document.find("li", cls="story-card")
    assert card.find("p", cls="kicker").text == " ".join(place.name.split())
    assert card.find("h2").text == " ".join(story.title.split())
    assert HOSTILE in card.text
    assert card.find("time").attrs["datetime"]


def test_a_lists_json_ld_is_the_text_json_ld_writes_with_each_item_kept(
    django_assert_num_queries,
):
    """`listed_json_ld` writes the ItemList's items from each story's kept text:
    the same bytes as `json_ld` of the whole list, cold or kept, for hostile
    titles, a story without a published version, on the front page's graph as on
    a CollectionPage; a story with a new slug is written anew."""
    from django.utils import translation

    from articles import listing, structured_data
    from articles.models import Article

    for title in (HOSTILE, "Saint-Lô : « l’été » </script><!-- \u2028 fin", "Brève ordinaire"):
        make_article(title=title, status="published")
    before_record = make_article(title="Brève d’avant le registre", status="published")
    Article.objects.filter(pk=before_record.pk).update(current_version=None)

    def both(stories, heading="Marées & « vives-eaux » </script>"):
        whole = structured_data.json_ld(
            structured_data.collection_page(heading, "/tags/x/", stories)
        )
        data = structured_data.collection_page(heading, "/tags/x/", stories, items=False)
        graph = structured_data.json_ld(structured_data.front_page_graph(stories))
        front = structured_data.front_page_graph(stories, items=False)
        return (
            (structured_data.listed_json_ld(data, stories), whole),
            (structured_data.listed_json_ld(front, stories), graph),
        )

    with translation.override("fr"):
        stories = listing.with_versions(listing.listed(Article.objects.published().latest_first()))[
            0
        ]
        assert len(stories) == 4
        for written, expected in both(stories):  # nothing kept yet
            assert written == expected
        assert len(structured_data.LIST_ITEMS._cards) == 3  # the versioned stories
        with django_assert_num_queries(0):
            for written, expected in both(stories):  # kept
                assert written == expected
        parsed = json.loads(both(stories)[0][0])["mainEntity"]
        assert parsed["numberOfItems"] == 4
        assert [item["position"] for item in parsed["itemListElement"]] == [1, 2, 3, 4]
        assert HOSTILE in [item["name"] for item in parsed["itemListElement"]]
        assert "</script>" not in both(stories)[0][0]

        # A new slug: written anew, never the kept text.
        story = stories[0]
        Article.objects.filter(pk=story.pk).update(slug="maree-renommee")
        renamed = listing.listed(Article.objects.published().latest_first())
        for written, expected in both(renamed):
            assert written == expected
        assert "maree-renommee" in both(renamed)[0][0]
        assert both([]) and both([])[0][0] == both([])[0][1]
        # Loaded without their versions, stories are named by their live titles, as
        # item_list names them; that text is never kept for the same stories with
        # their versions.
        Article.objects.filter(pk=stories[1].pk).update(title="Titre du brouillon")
        bare = list(Article.objects.published().latest_first())
        for loaded in (bare, listing.listed(Article.objects.published().latest_first()), bare):
            for written, expected in both(loaded):
                assert written == expected
    with pytest.raises(ValueError):
        structured_data.listed_json_ld({"@type": "WebPage"}, stories)


def test_one_worker_serves_the_site_under_two_prefixes(settings):
    """A worker reached under /sub (a proxy mounting the site there) and at the root
    writes each address under the prefix of the request: the cards, the JSON-LD
    items, the frame and the front page's regions it keeps, and the cached pages."""
    import re

    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import set_script_prefix

    from newsroom.pagecache import CachedPages
    from tests.wsgi import serve

    settings.PAGE_CACHE_SECONDS = 300
    story = make_article(title="Lessay : la foire rouvre ses allées", status="published")
    story.tags.add("marées")
    application = CachedPages(WSGIHandler())
    try:
        for script in ("/sub", "", "/sub", ""):
            for path in ("/", "/tags/marees/", "/regions/normandie/"):
                status, _headers, content = serve(application, path, SCRIPT_NAME=script)
                assert status.startswith("200"), (script, path)
                text = content.decode()
                story_path = f"{script}/articles/{story.slug}/"
                assert f'href="{story_path}"' in text, (script, path)
                assert f'"url":"{settings.SITE_URL}{story_path}"' in text, (script, path)
                hrefs = [  # static files and media are served apart, at their own address
                    href
                    for href in re.findall(r'href="(/[^"]*)"', text)
                    if not href.startswith((settings.STATIC_URL, settings.MEDIA_URL))
                ]
                if script:
                    assert all(href.startswith(f"{script}/") for href in hrefs), hrefs
                else:
                    assert not [href for href in hrefs if href.startswith("/sub/")], hrefs
    finally:
        set_script_prefix("/")
