"""What machines read beyond the story itself: a verdict change dated in the ClaimReview,
the story's image and cited sources, the newsroom and its Trust Project policies, list
pages, internal links search engines follow, and the paginated ClaimReview DataFeed."""

import datetime
import json
import re

import pytest
import time_machine
from django.conf import settings
from django.core import checks
from django.urls import reverse
from django.utils import timezone

from articles import editing, workflow
from articles.models import SitePage, Status
from articles.structured_data import iso
from factcheck import feed as feed_module
from factcheck.models import Claim, Rating, Source
from tests.factories import add_claim, add_sources, make_article, refreeze, story
from tests.reader_site import body, json_ld, page, path_of

pytestmark = pytest.mark.django_db

TRUST_PROJECT = {
    "ethicsPolicy": SitePage.Kind.ETHICS,
    "diversityPolicy": SitePage.Kind.DIVERSITY,
    "actionableFeedbackPolicy": SitePage.Kind.FEEDBACK,
    "unnamedSourcesPolicy": SitePage.Kind.UNNAMED_SOURCES,
    "missionCoveragePrioritiesPolicy": SitePage.Kind.MISSION,
    "noBylinesPolicy": SitePage.Kind.NO_BYLINES,
    "correctionsPolicy": SitePage.Kind.CORRECTIONS_POLICY,
    "ownershipFundingInfo": SitePage.Kind.OWNERSHIP,
    "masthead": SitePage.Kind.TEAM,
    "verificationFactCheckingPolicy": SitePage.Kind.METHODOLOGY,
}

# The policy pages the migration writes (the others were seeded before).
NEW_POLICIES = {
    SitePage.Kind.ETHICS,
    SitePage.Kind.DIVERSITY,
    SitePage.Kind.FEEDBACK,
    SitePage.Kind.UNNAMED_SOURCES,
    SitePage.Kind.MISSION,
    SitePage.Kind.NO_BYLINES,
}


def published(journalist, editor, second_editor):
    article = story(journalist)
    workflow.apply_transition(article=article, user=journalist, name="submit")
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    workflow.apply_transition(article=article, user=editor, name="publish")
    article.refresh_from_db()
    return article


def news_article(client, article):
    return next(i for i in json_ld(page(client, path_of(article))) if i["@type"] != "ClaimReview")


def reviews(client, article):
    return [i for i in json_ld(page(client, path_of(article))) if i["@type"] == "ClaimReview"]


def feed(client, url="/verifications/claimreview.json"):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, json.loads(body(response))


# --- 6. ClaimReview: dateModified when a verdict changes -----------------------------


def test_a_verdict_change_dates_the_claim_review(client, journalist, editor, second_editor):
    """After an approved verdict change, the ClaimReview (page and feed) carries its
    dateModified; the publication date stays."""
    article = published(journalist, editor, second_editor)
    [before] = reviews(client, article)
    assert "dateModified" not in before
    later = timezone.now() + datetime.timedelta(hours=5)
    with time_machine.travel(later, tick=False):
        with editing.edit_story(article=article, user=editor):
            Claim.objects.filter(article=article).update(rating=Rating.objects.get(slug="trompeur"))
        workflow.apply_transition(
            article=article,
            user=editor,
            name="propose",
            comment="Un nouveau document nuance le verdict.",
            change_kind="update",
        )
        workflow.apply_transition(article=article, user=second_editor, name="approve")
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        [after] = reviews(client, article)
        _response, data = feed(client)
    assert after["reviewRating"]["alternateName"] == "Trompeur"
    assert after["dateModified"] == iso(later)
    assert after["datePublished"] == before["datePublished"]
    assert after["@id"] == before["@id"]  # the same review, changed
    [element] = data["dataFeedElement"]
    assert element["item"]["dateModified"] == element["dateModified"] == iso(later)
    assert data["dateModified"] == iso(later)


# --- 7. NewsArticle: image and citation ----------------------------------------------


def test_a_story_without_a_picture_has_the_default_image(client):
    """No hero image: the JSON-LD names the configured default picture (at least 1,200
    px wide), never the logo."""
    article = make_article(status=Status.PUBLISHED)
    [image] = news_article(client, article)["image"]
    assert image["url"] == settings.SITE_URL + "/static/" + settings.SITE_DEFAULT_IMAGE
    assert image["width"] == {"@type": "QuantitativeValue", "value": 1200, "unitCode": "E37"}
    assert "logo" not in image["url"]


def test_a_story_with_a_picture_has_its_crops(client, settings, tmp_path):
    """A hero image: the picture and its 16:9, 4:3 and 1:1 crops, never the default."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (1600, 1000), (90, 120, 160)).save(buffer, "JPEG")
    article = make_article(
        status=Status.PUBLISHED,
        hero_image=SimpleUploadedFile("bassin.jpg", buffer.getvalue(), "image/jpeg"),
        hero_alt="Le bassin du Plat Gousset",
    )
    refreeze(article)
    images = news_article(client, article)["image"]
    ratios = [round(image["width"]["value"] / image["height"]["value"], 2) for image in images[1:]]
    assert ratios == [1.78, 1.33, 1.0]
    assert all(settings.SITE_DEFAULT_IMAGE not in image["url"] for image in images)


@pytest.mark.parametrize(
    ("setting", "error"),
    [("img/logo.png", "articles.E001"), ("img/absent.png", "articles.E002")],
)
def test_a_wrong_default_image_stops_the_start(settings, setting, error):
    """The logo or a missing file as SITE_DEFAULT_IMAGE is a start-up error."""
    settings.SITE_DEFAULT_IMAGE = setting
    assert error in [message.id for message in checks.run_checks()]


def test_a_narrow_default_image_stops_the_start(settings, tmp_path):
    """A default picture under 1,200 px wide is a start-up error."""
    from PIL import Image

    Image.new("RGB", (800, 450)).save(tmp_path / "small.png")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, str(tmp_path)]
    settings.SITE_DEFAULT_IMAGE = "small.png"
    assert "articles.E004" in [message.id for message in checks.run_checks()]


def test_cited_sources_are_citations_with_their_archive(client):
    """Each source of the story is a `citation`: address, title, publisher, date and the
    archived copies (ours and the one the journalist gave)."""
    article = make_article(status=Status.PUBLISHED)
    primary, coverage = add_sources(article, "Préfecture de la Manche", "Ouest-France")
    Source.objects.filter(pk=primary.pk).update(
        published_on=datetime.date(2026, 5, 30), archived_url="https://archive.example/arrete"
    )
    Source.objects.filter(pk=coverage.pk).update(url="")
    refreeze(article)
    capture = primary.url
    citations = news_article(client, article)["citation"]
    first, second = citations
    assert first["@type"] == "CreativeWork"
    assert first["url"] == capture
    assert first["name"] == "Document de Préfecture de la Manche"
    assert first["publisher"] == {"@type": "Organization", "name": "Préfecture de la Manche"}
    assert first["datePublished"] == "2026-05-30"
    ours, theirs = first["archivedAt"]
    assert re.fullmatch(re.escape(settings.SITE_URL) + r"/preuves/[0-9a-f]{64}/", ours)
    assert theirs == "https://archive.example/arrete"
    assert client.get(ours.removeprefix(settings.SITE_URL)).status_code == 200
    assert "url" not in second and "archivedAt" not in second
    assert second["publisher"]["name"] == "Ouest-France"


# --- 8. The newsroom, its policies, its lists -------------------------------------------


def test_the_newsroom_names_every_policy_page_and_its_email(client):
    """The NewsMediaOrganization points each Trust Project policy to a site page readers
    can open from the footer, and gives the newsroom's e-mail as its contactPoint."""
    make_article(status=Status.PUBLISHED)
    document = page(client, "/")
    organization = json_ld(document)[0]
    pages = {p.kind: settings.SITE_URL + path_of(p) for p in SitePage.objects.all()}
    footer = {a.attrs["href"] for a in document.find("footer", cls="site-footer").find_all("a")}
    for prop, kind in TRUST_PROJECT.items():
        assert organization[prop] == pages[kind], prop
        assert pages[kind].removeprefix(settings.SITE_URL) in footer, prop
        opened = page(client, pages[kind].removeprefix(settings.SITE_URL))
        assert opened.find("h1").text == SitePage.objects.get(kind=kind).title
    for kind in TRUST_PROJECT.values():
        if kind in NEW_POLICIES:
            assert "\n" in SitePage.objects.get(kind=kind).body.strip()  # a written text
    contact = organization["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["email"] == settings.SITE_CONTACT_EMAIL
    assert contact["url"] == pages[SitePage.Kind.CONTACT]
    # The logo's rendition for publishers (no metadata, sized), on the site's address.
    assert organization["logo"]["url"].startswith(settings.SITE_URL + settings.MEDIA_URL)


def test_policy_pages_are_edited_in_the_admin(client, superuser):
    """An administrator changes a policy page's text in the admin; readers see it."""
    policy = SitePage.objects.get(kind=SitePage.Kind.UNNAMED_SOURCES)
    client.force_login(superuser)
    url = reverse("admin:articles_sitepage_change", args=[policy.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": policy.kind,
            "title": policy.title,
            "slug": policy.slug,
            "body": "Nous nommons toujours nos sources.\n\nSauf danger réel.",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    client.logout()
    assert "Sauf danger réel." in body(client.get(path_of(policy)))


def list_pages():
    """(path, the stories it lists in order) of every list page type."""
    make_article(status=Status.PUBLISHED, title="Le bac de Chausey reprend", slug="bac")
    checked = make_article(status=Status.PUBLISHED, title="La digue tient", slug="digue")
    checked.tags.add("marées")
    add_claim(checked, Rating.objects.get(slug="faux"))
    return ["/", "/regions/normandie/", "/tags/marees/", "/verifications/"]


def test_list_pages_are_collection_pages_of_what_they_show(client):
    """Front, region, tag and fact-check index: a CollectionPage whose ItemList names the
    stories shown, in the order shown, by their canonical address."""
    for path in list_pages():
        document = page(client, path)
        [collection] = [i for i in json_ld(document) if i["@type"] == "CollectionPage"]
        assert collection["url"] == settings.SITE_URL + path
        shown = []
        for a in document.find("main").find_all("a"):
            href = a.attrs["href"].split("#")[0]
            if href.startswith("/articles/") and href not in shown:
                shown.append(href)
        listed = collection["mainEntity"]["itemListElement"]
        assert [item["position"] for item in listed] == list(range(1, len(listed) + 1))
        urls = [item["url"].removeprefix(settings.SITE_URL) for item in listed]
        assert urls and set(urls) <= set(shown), path
        assert urls == [href for href in shown if href in urls], path
        assert all(item["name"] for item in listed)


def internal_links_of_every_public_page(client):
    world_story = make_article(status=Status.PUBLISHED, title="Le port de Granville", slug="port")
    add_sources(world_story, "Préfecture de la Manche", "Ouest-France")
    claim = add_claim(world_story, Rating.objects.get(slug="faux"))
    Source.objects.filter(article=world_story).update(url="")
    claim.sources.set(Source.objects.filter(article=world_story))
    world_story.tags.add("marées")
    refreeze(world_story)
    author = world_story.byline_authors[0] if world_story.byline_authors else None
    paths = [
        "/",
        path_of(world_story),
        "/regions/",
        "/regions/normandie/",
        "/tags/marees/",
        "/verifications/",
        "/corrections/",
        "/recherche/?q=port",
        "/signaler/",
        *(path_of(p) for p in SitePage.objects.all()),
        *([path_of(author)] if author else []),
    ]
    for path in paths:
        document = page(client, path)
        for a in document.find_all("a"):
            href = a.attrs.get("href", "")
            internal = href.startswith(("/", "#", settings.SITE_URL))
            yield path, href, internal, a.attrs.get("rel", "")


def test_internal_links_are_never_nofollow(client):
    """On every public page type, no link to our own pages carries rel="nofollow"; links
    to other sites keep it."""
    seen_internal = seen_external = 0
    for path, href, internal, rel in internal_links_of_every_public_page(client):
        if internal:
            seen_internal += 1
            assert "nofollow" not in rel, (path, href)
        elif href.startswith("http"):
            seen_external += 1
    assert seen_internal > 100 and seen_external > 0


# --- 9. The DataFeed ---------------------------------------------------------------------


def test_the_feed_is_dated_by_the_last_change_not_the_request(client):
    """dateModified is when the published record last changed, whatever the time of the
    request; the Last-Modified header says the same."""
    article = make_article(status=Status.PUBLISHED)
    add_claim(article, Rating.objects.get(slug="faux"))
    version = article.versions.order_by("-number").first()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        response, data = feed(client)
    assert data["dateModified"] == iso(version.published_at)
    assert response["Last-Modified"]


def test_the_feed_is_paginated_by_stable_links(client, monkeypatch):
    """Pages of a bounded size, linked by rel="next"; walking them gives every review
    once; a story published meanwhile does not move a next link."""
    monkeypatch.setattr(feed_module, "PAGE_SIZE", 3)
    faux = Rating.objects.get(slug="faux")
    now = timezone.now()
    for number in range(7):
        article = make_article(
            status=Status.PUBLISHED,
            slug=f"rumeur-{number}",
            published_at=now - datetime.timedelta(hours=number + 1),
        )
        add_claim(article, faux, label=f"Rumeur {number}")
    url, seen, links = "/verifications/claimreview.json", [], []
    while url:
        response, data = feed(client, url)
        assert len(data["dataFeedElement"]) <= 3
        assert data["url"] == settings.SITE_URL + url
        seen += [element["item"]["claimReviewed"] for element in data["dataFeedElement"]]
        link = response.get("Link")
        url = None
        if link:
            match = re.fullmatch(r'<([^>]+)>; rel="next"', link)
            links.append(match[1])
            url = match[1].removeprefix(settings.SITE_URL)
    assert seen == [f"Rumeur {number}" for number in range(7)]
    assert len(links) == 2
    newer = make_article(status=Status.PUBLISHED, slug="rumeur-neuve", published_at=now)
    add_claim(newer, faux, label="Rumeur neuve")
    response, data = feed(client, links[0].removeprefix(settings.SITE_URL))
    assert [e["item"]["claimReviewed"] for e in data["dataFeedElement"]] == seen[3:6]
    assert response["Link"] == f'<{links[1]}>; rel="next"'


@pytest.mark.parametrize("cursor", ["x", "1-", "-1-2", "99999999999999999999-1", "1-2-3"])
def test_a_bad_page_address_is_not_found(client, cursor):
    """A made-up page address of the feed answers 404, never an error."""
    assert client.get(f"/verifications/claimreview.json?after={cursor}").status_code == 404


def test_a_page_reads_a_bounded_number_of_rows(client, django_assert_max_num_queries):
    """Whatever the number of claims, a page reads at most PAGE_SIZE + 1 stories in one
    query (keyset, LIMIT), plus one for the last change: memory stays constant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article(status=Status.PUBLISHED)
    add_claim(article, Rating.objects.get(slug="faux"))
    with CaptureQueriesContext(connection) as queries:
        feed(client, f"/verifications/claimreview.json?after={feed_module.cursor(article)}0")
    [stories] = [q["sql"] for q in queries if "articles_article" in q["sql"]]
    assert f"LIMIT {feed_module.PAGE_SIZE + 1}" in stories
    assert len(queries) <= 2


def test_the_feed_is_linked_from_methodology_robots_and_every_page(client):
    """The methodology page links the feed, robots.txt names it, and every page announces
    it with <link rel="alternate" type="application/ld+json">."""
    feed_url = settings.SITE_URL + "/verifications/claimreview.json"
    methodology = page(client, "/pages/methodologie/")
    assert feed_url in [a.attrs["href"] for a in methodology.find("main").find_all("a")]
    robots = body(client.get("/robots.txt"))
    assert feed_url in robots
    assert "Allow: /verifications/claimreview.json" in robots
    for path in ("/", "/verifications/", "/pages/methodologie/"):
        alternates = [
            link.attrs["href"]
            for link in page(client, path).find_all("link", rel="alternate")
            if link.attrs.get("type") == "application/ld+json"
        ]
        assert alternates == [feed_url], path


def test_the_feed_is_cached_like_any_public_page(client, settings):
    """A second anonymous request is answered from the page cache; a change is seen."""
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article(status=Status.PUBLISHED)
    add_claim(article, Rating.objects.get(slug="faux"), label="Première")
    first = client.get("/verifications/claimreview.json")
    assert first["X-Cache"] == "miss"
    assert client.get("/verifications/claimreview.json")["X-Cache"] == "hit"
    other = make_article(status=Status.PUBLISHED, slug="autre")
    add_claim(other, Rating.objects.get(slug="faux"), label="Seconde")
    again = client.get("/verifications/claimreview.json")
    assert "Seconde" in body(again)
