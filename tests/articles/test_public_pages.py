"""The reader site: every URL answers, nothing unpublished leaks, the story page is complete."""

from datetime import datetime

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from articles.models import Article, SitePage
from tests.factories import (
    approve_change,
    library_image,
    make_article,
    make_user,
    refreeze,
    verifiable,
    with_hero,
)
from tests.html import listed_stories, published_count
from tests.reader_site import (
    DEMO_STORY,
    HIDDEN_STATES,
    body,
    build_world,
    page,
    parse,
    path_of,
    seed_demo,
    sitemap_pages,
)

pytestmark = pytest.mark.django_db

CACHE_MIDDLEWARE = "newsroom.middleware.PublicCacheHeadersMiddleware"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def cache_headers(settings):
    """The site's middleware stack with the public cache headers middleware in it."""
    if CACHE_MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
            CACHE_MIDDLEWARE,
        )
        settings.MIDDLEWARE = middleware


def html_urls(world):
    """Every public HTML page of the world, in both languages' default form."""
    public = world.public
    return [
        "/",
        public.get_absolute_url(),
        "/regions/",
        "/regions/normandie/",
        "/tags/marees/",
        f"/auteurs/{world.author.slug}/",
        "/verifications/",
        "/verifications/?verdict=faux&region=normandie",
        "/recherche/?q=bassin",
        "/recherche/?q=zzhidden",
        "/corrections/",
        *[page.get_absolute_url() for page in SitePage.objects.all()],
    ]


MACHINE_URLS = [
    ("/flux/articles.rss", "application/rss+xml"),
    ("/flux/articles.atom", "application/atom+xml"),
    ("/flux/regions/normandie.rss", "application/rss+xml"),
    ("/sitemap.xml", "application/xml"),
    ("/sitemap-articles.xml", "application/xml"),
    ("/sitemap-pages.xml", "application/xml"),
    ("/sitemap-regions.xml", "application/xml"),
    ("/sitemap-authors.xml", "application/xml"),
    ("/sitemap-news.xml", "application/xml"),
    ("/verifications/claimreview.json", "application/json"),
    ("/robots.txt", "text/plain"),
    ("/verifications/verdicts.css", "text/css"),
]


def test_every_url_of_the_design_answers(client, world):
    """Each page of DESIGN.md's URL table opens, in French and in English."""
    for url in html_urls(world):
        for prefix in ("", "/en"):
            response = client.get(prefix + url)
            assert response.status_code == 200, prefix + url
            assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(("url", "content_type"), MACHINE_URLS)
def test_feeds_sitemaps_and_json_answer_with_their_type(client, world, url, content_type):
    """Feeds, sitemaps, robots.txt and the ClaimReview feed answer with the right type."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert body(response).strip()


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-story/",
        "/en/articles/no-such-story/",
        "/regions/atlantide/",
        "/tags/no-such-tag/",
        "/auteurs/nobody/",
        "/pages/no-such-page/",
        "/flux/regions/atlantide.rss",
        "/sitemap-nothing.xml",
    ],
)
def test_unknown_addresses_are_not_found(client, world, url):
    """A mistyped address gives a 404 page, never an error."""
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/articles/no-such-story/", "fr", "Page introuvable"),
        ("/en/nowhere/", "en", "Page not found"),
    ],
)
def test_a_missing_page_is_one_of_the_site_s_pages(client, world, url, language, heading):
    """A mistyped address shows the site's own page, in the reader's language, with the
    navigation and the search box to go on from there, and is not indexed."""
    response = client.get(url)
    assert response.status_code == 404
    document = parse(body(response))
    assert document.find("html").attrs["lang"] == language
    assert document.find("h1").text == heading
    assert document.find("input", id="site-search") is not None
    assert document.find("meta", name="robots").attrs["content"] == "noindex"
    assert document.find("a", href="/" if language == "fr" else "/en/") is not None
    # No page lives here: nothing canonical, no version in another language, no card.
    assert document.find("link", rel="canonical") is None
    assert document.find("link", rel="alternate", hreflang="en") is None
    assert document.find("meta", property="og:url") is None


LISTS = [
    "/regions/normandie/",
    "/tags/marees/",
    "/auteurs/nina-quere/",
    "/verifications/",
    "/corrections/",
    "/recherche/?q=bassin",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("number", ["abc", "0", "99999", "-1", "1.5", "9" * 40])
def test_bad_page_numbers_are_not_found(client, world, url, number):
    """A page number that does not exist gives a 404 on every paginated list, never a 500."""
    separator = "&" if "?" in url else "?"
    assert client.get(f"{url}{separator}page=1").status_code == 200
    assert client.get(f"{url}{separator}page={number}").status_code == 404


# Nothing that is not public appears anywhere public.


def test_no_hidden_story_appears_on_any_public_page(client, world):
    """Drafts, submitted, verified, scheduled and withdrawn stories appear on no public page."""
    assert set(world.hidden) == set(HIDDEN_STATES)
    assert not any(article.is_public for article in world.hidden.values())
    markers = list(world.hidden_markers())
    assert len(markers) >= 20
    urls = [*html_urls(world), *(url for url, _type in MACHINE_URLS)]
    for url in urls:
        for prefix in (
            ("", "/en") if not url.endswith((".xml", ".rss", ".atom", ".json")) else ("",)
        ):
            text = body(client.get(prefix + url))
            leaked = [marker for marker in markers if marker in text]
            if url == "/corrections/":
                # A withdrawal is logged in the open, under the title readers saw.
                withdrawn = world.hidden["withdrawn"].title
                leaked = [marker for marker in leaked if marker != withdrawn]
            assert not leaked, (prefix + url, leaked)
    # The public story is there, so the checks above looked at real content.
    assert world.public.title in body(client.get("/"))
    assert world.hidden["withdrawn"].title in body(client.get("/corrections/"))


def test_sitemap_sections_and_pages_show_no_hidden_story(client, world):
    """Every section and page of the sitemap index lists public stories only."""
    text = "".join(sitemap_pages(client))
    assert world.public.slug in text
    assert "zzhidden" not in text


def test_counts_only_include_public_stories(client, world):
    """The author's page and author box count one published article, not six."""
    response = client.get(f"/auteurs/{world.author.slug}/")
    assert published_count(body(response)) == 1
    response = client.get(world.public.get_absolute_url())
    box = parse(body(response)).find("aside", cls="author-box")
    assert "1 article publié" in box.text


def test_a_scheduled_story_is_counted_once_its_time_has_come(client, world, time_machine):
    """The kept count knows when the scheduled story goes public: no recount needed."""
    assert published_count(body(client.get(f"/auteurs/{world.author.slug}/"))) == 1
    time_machine.move_to(timezone.now() + timezone.timedelta(hours=7), tick=True)
    assert published_count(body(client.get(f"/auteurs/{world.author.slug}/"))) == 2


def test_search_finds_no_hidden_story(client, world):
    """A search for words only hidden stories contain finds nothing."""
    for words in ("zzhidden", "cachée"):
        html = body(client.get("/recherche/", {"q": words}))
        assert listed_stories(html) == []
        assert "Aucun article ne correspond" in html


@pytest.mark.parametrize("state", ["draft", "submitted", "verified", "scheduled"])
def test_story_that_is_not_public_is_not_found(client, world, state):
    """A guessed address of a story that is not public gives a 404, anonymous or not."""
    url = world.hidden[state].get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get("/en" + url).status_code == 404
    client.force_login(make_user("reader"))
    assert client.get(url).status_code == 404


def test_withdrawn_story_is_gone_with_its_reason(client, world):
    """A withdrawn story answers 410 Gone and says why it was withdrawn."""
    story = world.hidden["withdrawn"]
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    text = body(response)
    assert story.withdrawal_reason.replace("'", "&#x27;") in text
    assert '<meta name="robots" content="noindex">' in text
    assert '<script type="application/ld+json"' not in text
    assert story.claims.get().label not in text


def test_staff_preview_of_a_draft_is_not_indexed(client, world, editor):
    """An editor previews a draft; the page says so and tells robots not to index it."""
    client.force_login(editor)
    response = client.get(world.hidden["draft"].get_absolute_url())
    assert response.status_code == 200
    document = parse(body(response))
    assert "Aperçu" in document.find("p", cls="notice").text
    assert document.find("meta", name="robots").attrs["content"] == "noindex"
    assert document.find("h1").text == world.hidden["draft"].title


def test_public_story_is_indexable(client, world):
    """A public story has no noindex meta and a canonical link to itself."""
    document = page(client, world.public.get_absolute_url())
    assert document.find("meta", name="robots") is None
    canonical = document.find("link", rel="canonical").attrs["href"]
    assert canonical.endswith(world.public.get_absolute_url())


def test_tag_used_only_by_hidden_stories_is_not_found(client, world):
    """A tag page whose stories are all unpublished does not exist for readers."""
    assert client.get("/tags/zzhidden/").status_code == 404
    assert client.get("/tags/marees/").status_code == 200


# The story page.


def _hero(article):
    image = library_image(
        "hero.png",
        size=(1200, 800),
        alt="Le périphérique nord sous l'eau, vu d'un pont",
        caption="Le périphérique nord vers 1 heure du matin.",
        credit="Rédaction",
    )
    with_hero(article, image)
    refreeze(article)


def _position(document):
    order = {node: index for index, node in enumerate(document.iter())}
    return lambda node: order[node]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_story_shows_every_part_in_order(client, settings, language):
    """The demo story shows region, title, type, intro, image, sections, claims, sources,
    original link, date, corrections, author, tags and share links, in that order."""
    seed_demo(settings)
    article = Article.objects.get(slug=DEMO_STORY)
    _hero(article)
    prefix = "" if language == "fr" else "/en"
    response = client.get(prefix + article.get_absolute_url())
    assert response.status_code == 200
    html = body(response)
    document = parse(html)
    story = document.find("article", cls="story")
    with translation.override(language):
        expected = {
            "kicker": gettext("Regional news %(region)s") % {"region": article.region.name},
            "work_type": capfirst(str(article.get_work_type_display())),
            "faits": gettext("Verified facts"),
            "developpement": gettext("Development"),
            "reactions": gettext("Official reactions"),
            "contexte": gettext("Context"),
            "desinformation": gettext("Misinformation and rumours"),
            "sources": gettext("Sources"),
            "corrections": gettext("Corrections"),
        }
    assert document.find("html").attrs["lang"] == language

    parts = [
        story.find("p", cls="kicker"),
        story.find("h1"),
        story.find("p", cls="work-type"),
        story.find("p", cls="dates"),
        story.find("p", cls="introduction"),
        story.find("figure", cls="hero"),
        story.by_id("faits"),
        story.by_id("developpement"),
        story.by_id("reactions"),
        story.by_id("contexte"),
        story.by_id("desinformation"),
        story.by_id("sources"),
        story.find("p", cls="original"),
        story.by_id("corrections"),
        story.find("nav", cls="tags"),
        story.find("nav", cls="share"),
        document.find("aside", cls="author-box"),
    ]
    assert all(part is not None for part in parts), parts
    position = _position(document)
    assert [position(part) for part in parts] == sorted(position(part) for part in parts)

    kicker = parts[0]
    assert kicker.text == expected["kicker"]
    if language == "fr":
        assert kicker.text == "Infos régionales Normandie"  # the reference page's wording
    assert article.region.name in kicker.text
    assert kicker.find("a").attrs["href"] == prefix + path_of(article.region)
    assert len(document.find_all("h1")) == 1
    assert parts[1].text == article.title
    assert parts[2].text == expected["work_type"]
    assert article.introduction[:60] in parts[4].text
    for section in ("faits", "developpement", "reactions", "contexte", "desinformation"):
        assert story.by_id(section).text == expected[section]
    assert story.by_id("sources").text == expected["sources"]
    assert story.by_id("corrections").text == expected["corrections"]

    hero = parts[5]
    image = hero.find("img")
    assert image.attrs["alt"] == article.hero_alt
    assert image.attrs["src"] == article.hero_display["url"]  # a stripped rendition
    assert "480w" in image.attrs["srcset"]  # responsive renditions
    assert "Rédaction" in hero.find("figcaption").text

    for quote in article.quotes.all():
        figure = next(f for f in story.find_all("figure", cls="quote") if quote.speaker in f.text)
        assert quote.speaker_role in figure.text

    claims = list(article.claims.select_related("rating"))
    assert len(claims) == 2
    for claim in claims:
        node = story.by_id(claim.anchor)
        assert node is not None and node.attrs["id"] == f"affirmation-{claim.pk}"
        assert node.find("h3").text == claim.label
        assert node.find("span", cls="badge").text == claim.rating.label
        assert claim.verdict_explanation[:50] in node.find("div", cls="explanation").text
        links = {a.attrs["href"]: a.text for a in node.find("p", cls="corroboration").find_all("a")}
        for source in claim.sources.select_related("outlet"):
            assert links[source.url] == source.outlet.name

    for source in article.sources.select_related("outlet"):
        item = story.by_id(f"source-{source.pk}")
        assert source.outlet.name in item.text
        links = {a.attrs["href"]: a.text for a in item.find_all("a")}
        assert links[source.url] == source.title
        assert item.find("time").attrs["datetime"] == source.published_on.isoformat()
        if source.archived_url:
            assert source.archived_url in links

    assert parts[12].find("a").attrs["href"] == article.original_url
    published = datetime.fromisoformat(parts[3].find("time").attrs["datetime"])
    assert published == article.published_at.replace(microsecond=0)

    correction = article.corrections.get()
    listed = story.by_id("corrections").parent.find("li")
    assert correction.text[:60] in listed.text
    corrected = datetime.fromisoformat(listed.find("time").attrs["datetime"])
    assert corrected == correction.published_at.replace(microsecond=0)

    author = article.authors.get()
    box = parts[16]
    assert box.find("a").attrs["href"] == prefix + path_of(author)
    count = Article.objects.published().filter(bylines__author=author).count()
    assert count >= 2 and str(count) in box.text.split()
    assert author.name in box.text

    tag_links = {a.attrs["href"] for a in parts[14].find_all("a")}
    assert tag_links == {f"{prefix}/tags/{tag.slug}/" for tag in article.tags.all()}

    share = [a.attrs["href"] for a in parts[15].find_all("a")]
    for start in (
        "mailto:",
        "https://x.com/",
        "https://www.facebook.com/",
        "https://www.linkedin.com/",
        "https://wa.me/",
    ):
        assert sum(href.startswith(start) for href in share) == 1, start
    assert all("articles%2F" + DEMO_STORY in href for href in share)

    scripts = document.find_all("script")
    # JSON-LD only on the story's own language page (one copy of its ClaimReviews).
    assert bool(scripts) == (language == article.language)
    assert all(s.attrs.get("type") == "application/ld+json" for s in scripts)
    assert all("src" not in s.attrs for s in scripts)


def test_empty_parts_are_skipped(client, db):
    """A short story shows no empty headings: no reactions, claims, sources or corrections."""
    article = make_article(status="published", development="", context="")
    document = page(client, article.get_absolute_url())
    for section in ("developpement", "reactions", "contexte", "desinformation", "sources"):
        assert document.by_id(section) is None, section
    assert document.by_id("corrections") is None
    assert document.find("figure", cls="hero") is None
    assert document.by_id("faits") is not None


def test_update_time_shows_when_later_than_publication(client, journalist, editor, second_editor):
    """A change approved after publication shows its time next to the publication time."""
    from django.utils import timezone

    now = timezone.now()
    article = make_article(
        status="published", published_at=now - timezone.timedelta(days=1), author=journalist
    )
    verifiable(article)
    approve_change(article, editor, second_editor, introduction="La piscine rouvre lundi.")
    article.refresh_from_db()
    times = page(client, article.get_absolute_url()).find("p", cls="dates").find_all("time")
    stamps = [datetime.fromisoformat(t.attrs["datetime"]) for t in times]
    assert stamps[0] == article.published_at.replace(microsecond=0)
    assert stamps[1] == article.content_updated_at.replace(microsecond=0)
    assert stamps[1] > stamps[0]


# HTTP.


@pytest.mark.parametrize("which", ["story", "front"])
def test_repeat_request_with_etag_gets_304(client, world, cache_headers, which):
    """A reader's browser that already has the page gets 304 Not Modified, not the page again."""
    url = world.public.get_absolute_url() if which == "story" else "/"
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_repeat_request_with_last_modified_gets_304(client, world, cache_headers):
    """A client that sends back the story's Last-Modified date gets 304 until the story changes."""
    url = world.public.get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    assert (
        client.get(url, headers={"if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code
        == 200
    )


def test_story_last_modified_follows_corrections(
    client, world, cache_headers, editor, second_editor, time_machine
):
    """A correction published after the story moves its Last-Modified date forward."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.http import parse_http_date

    story = world.public
    url = story.get_absolute_url()
    before = client.get(url)
    # HTTP dates count whole seconds: the correction comes at least a second later.
    time_machine.move_to(timezone.now() + timedelta(seconds=2))
    approve_change(story, editor, second_editor, note="Précision sur l'horaire d'ouverture.")
    after = client.get(url, headers={"if-modified-since": before["Last-Modified"]})
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])
    assert "Précision sur l'horaire d'ouverture." in body(after)


@pytest.mark.parametrize("url", ["/", "/regions/normandie/", "/verifications/", "/en/"])
def test_anonymous_pages_may_be_kept_briefly_by_shared_caches(client, world, cache_headers, url):
    """Anonymous readers' pages say public, max-age and s-maxage, varying on cookie and language."""
    response = client.get(url)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=60"} <= directives
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary


def test_logged_in_pages_stay_private(client, world, editor, cache_headers):
    """Pages for a logged-in journalist or editor are never kept by a shared cache."""
    client.force_login(editor)
    for url in ("/", world.public.get_absolute_url(), world.hidden["draft"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "private" in directives and "public" not in directives, url


def test_errors_and_admin_are_not_made_public(client, world, cache_headers):
    """A 404, a 410 and the admin login are not marked as publicly cacheable."""
    for url, status in (
        ("/articles/nothing/", 404),
        (world.hidden["withdrawn"].get_absolute_url(), 410),
        ("/admin/login/", 200),
    ):
        response = client.get(url)
        assert response.status_code == status
        assert "public" not in response.get("Cache-Control", ""), url


# Languages.


@pytest.mark.parametrize(
    "path",
    ["/", "/regions/normandie/", "/verifications/", "/corrections/", "/recherche/?q=bassin"],
)
def test_english_pages_speak_english(client, world, path):
    """Under /en/ the interface is in English and the page says lang="en"."""
    document = page(client, "/en" + path)
    assert document.find("html").attrs["lang"] == "en"
    assert document.find("a", cls="skip-link").text == "Skip to content"
    nav = document.find("nav", **{"aria-label": "Main"})
    assert [a.text for a in nav.find_all("a")] == [
        "Front page",
        "Regions",
        "Fact-checks",
        "Corrections",
    ]
    assert [a.attrs["href"] for a in nav.find_all("a")] == [
        "/en/",
        "/en/regions/",
        "/en/verifications/",
        "/en/corrections/",
    ]


def test_footer_links_stay_in_the_page_language(client, world):
    """Footer links to the site pages follow the page's language, whichever page came first."""
    english = page(client, "/en/").find("footer", cls="site-footer")
    french = page(client, "/").find("footer", cls="site-footer")
    pages = list(SitePage.objects.all())
    assert len(pages) == len(SitePage.Kind)  # one page of each kind, seeded
    french_links = {a.attrs["href"] for a in french.find_all("a")}
    english_links = {a.attrs["href"] for a in english.find_all("a")}
    for site_page in pages:
        assert path_of(site_page) in french_links
        assert "/en" + path_of(site_page) in english_links


def test_story_interface_in_english_keeps_the_story_in_french(client, world):
    """The English interface labels the story's sections in English; the story keeps lang="fr"."""
    document = page(client, "/en" + world.public.get_absolute_url())
    assert document.by_id("faits").text == "Verified facts"
    assert document.find("article", cls="story").attrs["lang"] == "fr"


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("/", "/en/"),
        ("/regions/normandie/", "/en/regions/normandie/"),
        ("/articles/granville-bassin-rouvre/", "/en/articles/granville-bassin-rouvre/"),
        ("/recherche/?q=bassin", "/en/recherche/?q=bassin"),
        ("/verifications/?verdict=faux", "/en/verifications/?verdict=faux"),
    ],
)
def test_language_switcher_points_to_the_same_page(client, world, french, english):
    """The language switcher leads to the same page in the other language, query included."""
    switcher = page(client, french).find("nav", cls="languages")
    assert [a.attrs["href"] for a in switcher.find_all("a")] == [english]
    assert switcher.find("a").attrs["hreflang"] == "en"
    switcher = page(client, english).find("nav", cls="languages")
    assert [a.attrs["href"] for a in switcher.find_all("a")] == [french]
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page(client, french).find_all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert alternates["fr"].endswith(french)
    if french.startswith("/articles/"):  # a French story has no English page to claim
        assert "en" not in alternates
    else:
        assert alternates["en"].endswith(english)


def test_an_author_box_without_its_count_while_another_worker_counts(client, world):
    """At a million stories a prolific author takes a while to count: while one worker
    counts, the story pages other workers render link to the author without a number
    rather than running the same count (and 503 at the statement timeout)."""
    from django.core.cache import cache

    cache.add(f"articles:published-count:busy:{world.author.pk}", 1, 30)
    response = client.get(world.public.get_absolute_url())
    assert response.status_code == 200
    box = parse(body(response)).find("aside", cls="author-box")
    assert "Tous ses articles" in box.text
    assert "publié" not in box.text
    cache.delete(f"articles:published-count:busy:{world.author.pk}")
    response = client.get(world.public.get_absolute_url())
    box = parse(body(response)).find("aside", cls="author-box")
    assert "1 article publié" in box.text


def test_an_author_boxs_count_is_kept_by_the_worker_for_seconds(world, monkeypatch):
    """Story pages' author counts (`exact=False`) are kept by each worker for
    RECENT_MEMO_SECONDS without reading the shared cache, then read again; the
    author page's exact count never comes from that copy."""
    from articles import counts
    from articles.models import Status
    from tests.factories import make_article

    clock = [1_800_000_000.0]
    monkeypatch.setattr(counts.time, "time", lambda: clock[0])
    pk = world.author.pk
    assert counts.published_counts([pk], exact=False) == {pk: 1}
    make_article(
        title="Cherbourg : le port relance ses navettes",
        status=Status.PUBLISHED,
        author=world.author,
    )
    reads = []
    shared = counts.cache

    class Forgetful:  # the shared cache after its entry expired: read, and nothing there
        def get_many(self, keys):
            reads.append(keys)
            return {}

        def __getattr__(self, name):
            return getattr(shared, name)

    monkeypatch.setattr(counts, "cache", Forgetful())
    clock[0] += counts.RECENT_MEMO_SECONDS - 0.5
    assert counts.published_counts([pk], exact=False) == {pk: 1}
    assert reads == []
    assert counts.published_counts([pk]) == {pk: 2}  # exact: never the worker's copy
    clock[0] += 1
    reads.clear()
    assert counts.published_counts([pk], exact=False) == {pk: 2}
    assert len(reads) == 1
    clock[0] -= 5  # the clock set back: the copy is not trusted
    reads.clear()
    assert counts.published_counts([pk], exact=False) == {pk: 2}
    assert len(reads) == 1
