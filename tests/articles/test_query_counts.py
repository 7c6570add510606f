"""Each public page runs the same small number of SQL queries for 1 item as for 50.

Every story card, claim, source and byline is loaded with its page's queries
(select_related / prefetch_related), never one query per item. The bounds
below are the counts measured with an empty cache (the footer pages and the
verdict stylesheet are cached after the first request).
"""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor, Author, Correction, Quote, Region, Status
from factcheck.models import Claim, ClaimAppearance, Outlet, Rating, Source
from tests.factories import refreeze
from tests.html import listed_stories, published_count

pytestmark = pytest.mark.django_db

SIZES = [1, 50]


def populate(n):
    """`n` public stories, each with two authors, a region, tags, a claim, sources, a quote
    and a correction; the first story also has `n` of each of these. Bulk inserts keep it fast."""
    now = timezone.now()
    normandie = Region.objects.get(slug="normandie")
    places = [normandie, *Region.objects.filter(parent=normandie)]
    ratings = list(Rating.objects.all())
    authors = Author.objects.bulk_create(
        Author(name=f"Auteur {i}", slug=f"auteur-{i}", biography_html=f"<p>Bio {i}</p>")
        for i in range(n + 1)
    )
    stories = Article.objects.bulk_create(
        Article(
            title=f"Granville, sujet {i}",
            slug=f"sujet-{i}",
            status=Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=i + 1),
            region=places[i % len(places)],
            introduction="La piscine de Granville rouvre.",
            verified_facts="La mairie a confirmé.",
            verified_facts_html="<p>La mairie a confirmé.</p>",
        )
        for i in range(n)
    )
    first = stories[0]
    ArticleAuthor.objects.bulk_create(
        [
            *(
                ArticleAuthor(article=s, author=authors[i], position=0)
                for i, s in enumerate(stories)
            ),
            *(
                ArticleAuthor(article=s, author=authors[i + 1], position=1)
                for i, s in enumerate(stories)
            ),
            *(ArticleAuthor(article=first, author=a, position=2) for a in authors[2:]),
        ]
    )
    tags = Tag.objects.bulk_create(Tag(name=f"Sujet {i}", slug=f"sujet-{i}") for i in range(n))
    common = Tag.objects.create(name="marées", slug="marees")
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        [
            *(TaggedItem(tag=common, content_type=article_type, object_id=s.pk) for s in stories),
            *(TaggedItem(tag=t, content_type=article_type, object_id=first.pk) for t in tags[1:]),
        ]
    )
    outlets = Outlet.objects.bulk_create(
        Outlet(name=f"Média {i}", slug=f"media-{i}", homepage=f"https://m{i}.example")
        for i in range(2 * n)
    )
    owners = [*stories, *([first] * (n - 1))]  # every story one claim, the first one n
    sources = Source.objects.bulk_create(
        Source(
            article=owner,
            outlet=outlets[i],
            kind=Source.Kind.COVERAGE if i % 2 else Source.Kind.DOCUMENT,
            title=f"Document {i}",
            url=f"https://m{i}.example/doc",
            archived_url=f"https://archive.example/m{i}",
            published_on=now.date(),
        )
        for i, owner in enumerate(owners)
    )
    claims = Claim.objects.bulk_create(
        Claim(
            article=owner,
            label=f"Affirmation {i}",
            statement="Le bassin restera fermé.",
            claimant=f"Compte {i}",
            claimant_kind=Claim.ClaimantKind.SOCIAL,
            rating=ratings[i % len(ratings)],
            verdict_explanation_html="<p>La mairie a publié l'arrêté.</p>",
            position=i,
        )
        for i, owner in enumerate(owners)
    )
    Claim.sources.through.objects.bulk_create(
        Claim.sources.through(claim=claim, source=source)
        for claim, source in zip(claims, sources, strict=True)
    )
    ClaimAppearance.objects.bulk_create(
        ClaimAppearance(
            claim=claim,
            url=f"https://social.example/{i}",
            appeared_on=now.date(),
            archived_url=f"https://archive.example/{i}",
            is_first=True,
        )
        for i, claim in enumerate(claims)
    )
    Quote.objects.bulk_create(
        Quote(article=owner, text=f"Citation {i}", speaker=f"Élu {i}", speaker_role="maire")
        for i, owner in enumerate(owners)
    )
    Correction.objects.bulk_create(
        Correction(article=owner, text=f"Correction {i}", published_at=now)
        for i, owner in enumerate(owners)
    )
    for story in stories:  # each public story gets its published version
        refreeze(story)
    return first, authors[1]


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        response.streamed = b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-items")
def site(request, db):
    first, author = populate(request.param)
    return {"story": first, "author": author, "n": request.param}


def check(client, django_assert_max_num_queries, url, bound):
    with django_assert_max_num_queries(bound):
        return fetch(client, url)


def test_front_page(client, site, django_assert_max_num_queries):
    """Front page: no query per story card (latest and fact-checks) for its region or authors."""
    check(client, django_assert_max_num_queries, "/", 8)


def test_story_page(client, site, django_assert_max_num_queries):
    """Story page: no query per claim's verdict, sources, outlets or appearances, per source's
    outlet, per quote, correction, tag, or per author and their published count."""
    # Cold cache: the story with its frozen version, whatever its claims, sources and authors.
    response = check(client, django_assert_max_num_queries, site["story"].get_absolute_url(), 4)
    assert response.content.count(b'class="claim"') == site["n"]


def test_region_page(client, site, django_assert_max_num_queries):
    """Region page: no query per story card for its region (départements) or its authors."""
    response = check(client, django_assert_max_num_queries, "/regions/normandie/", 6)
    assert len(listed_stories(response.content.decode())) == min(site["n"], 20)


def test_region_index(client, site, django_assert_max_num_queries):
    """Region index: no query per region for its départements."""
    check(client, django_assert_max_num_queries, "/regions/", 3)


def test_tag_page(client, site, django_assert_max_num_queries):
    """Tag page: no query per story card for its region or its authors."""
    response = check(client, django_assert_max_num_queries, "/tags/marees/", 6)
    assert len(listed_stories(response.content.decode())) == min(site["n"], 20)


def test_author_page(client, site, django_assert_max_num_queries):
    """Author page: no query per story card for its co-authors or region, nor per link."""
    url = site["author"].get_absolute_url()
    # The count of their public stories is two queries on a cold cache (articles/counts.py).
    response = check(client, django_assert_max_num_queries, url, 8)
    assert published_count(response.content.decode()) >= 1


def test_factcheck_index(client, site, django_assert_max_num_queries):
    """Fact-check index: no query per claim for its verdict, its story or the story's region."""
    response = check(client, django_assert_max_num_queries, "/verifications/", 6)
    assert response.content.count(b'class="claim-card"') >= min(site["n"], 20)


def test_factcheck_index_filtered(client, site, django_assert_max_num_queries):
    """Filtered fact-check index: the filters add no query per claim."""
    check(client, django_assert_max_num_queries, "/verifications/?verdict=faux&region=normandie", 6)


def test_corrections_log(client, site, django_assert_max_num_queries):
    """Corrections log: no query per correction for its story."""
    check(client, django_assert_max_num_queries, "/corrections/", 3)


def test_search(client, site, django_assert_max_num_queries):
    """Search results: no query per result for its region or authors."""
    response = check(client, django_assert_max_num_queries, "/recherche/?q=Granville", 5)
    assert len(listed_stories(response.content.decode())) == min(site["n"], 20)


def test_methodology_page(client, site, django_assert_max_num_queries):
    """Methodology page: the verdict table is one query, not one per verdict."""
    check(client, django_assert_max_num_queries, "/pages/methodologie/", 3)


@pytest.mark.parametrize(
    ("url", "bound"),
    [("/flux/articles.rss", 3), ("/flux/articles.atom", 3), ("/flux/regions/normandie.rss", 4)],
)
def test_feeds(client, site, django_assert_max_num_queries, url, bound):
    """Feeds: no query per item for its authors (dc:creator) or region (category)."""
    check(client, django_assert_max_num_queries, url, bound)


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        # The index's last modification: two index lookups (publication, edit), not an
        # aggregate over every story.
        ("/sitemap.xml", 6),
        ("/sitemap-articles.xml", 2),
        ("/sitemap-authors.xml", 2),
        ("/sitemap-regions.xml", 2),
        ("/sitemap-pages.xml", 1),
        ("/sitemap-news.xml", 1),
    ],
)
def test_sitemaps(client, site, django_assert_max_num_queries, url, bound):
    """Sitemaps: no query per story, author or region listed, nor per page of the index."""
    check(client, django_assert_max_num_queries, url, bound)


def test_claimreview_feed(client, site, django_assert_max_num_queries):
    """ClaimReview feed: no query per claim for its verdict, story or appearances (one for
    the stories of the page, one for the last change)."""
    response = check(client, django_assert_max_num_queries, "/verifications/claimreview.json", 2)
    assert len(json.loads(response.content)["dataFeedElement"]) == 2 * site["n"] - 1
