"""Regions, authors, tags, fact-checks, verdicts, search, pages, the schema."""

import pytest

from articles.models import Author, SitePage
from tests.api.conftest import public_story
from tests.factories import make_article, refreeze

pytestmark = pytest.mark.django_db


def test_index_links_every_resource(api):
    response, body = api.json("/api/v1/")
    assert response.status_code == 200
    for name in ("stories", "factchecks", "regions", "authors", "tags", "verdicts", "search"):
        assert body["resources"][name].startswith("http")
        assert api.get(body["resources"][name].split("8000", 1)[-1] + "?q=x"
                       if name == "search" else body["resources"][name].split("8000", 1)[-1]
                       ).status_code == 200  # fmt: skip


def test_regions_with_their_parent(api, calvados):
    """Every region, with the slug of the place it is in, paged by cursor."""
    seen, url = [], "/api/v1/regions/?limit=5"
    while url:
        _r, body = api.json(url)
        seen += body["results"]
        url = body["next"]
    by_slug = {region["slug"]: region for region in seen}
    assert by_slug["calvados"]["parent"] == "normandie"
    assert by_slug["normandie"]["level"] == "region"
    assert len(seen) == len(by_slug)


def test_authors_with_public_counts(api, journalist, django_assert_max_num_queries):
    """Each author with the number of public stories they sign (drafts not counted)."""
    public_story("Une", author=journalist)
    public_story("Deux", author=journalist)
    make_article(author=journalist)  # a draft
    Author.objects.create(name="Paul Hébert", slug="paul-hebert")
    with django_assert_max_num_queries(4):
        _r, body = api.json("/api/v1/authors/")
    counts = {author["slug"]: author["published_count"] for author in body["results"]}
    assert counts == {"lea-morel": 2, "paul-hebert": 0}


def test_tags_of_public_stories_only(api):
    """A tag used only by unpublished stories is never named."""
    story = public_story("Publique")
    story.tags.add("marées")
    refreeze(story)
    make_article().tags.add("projet-secret")
    _r, body = api.json("/api/v1/tags/")
    assert [tag["slug"] for tag in body["results"]] == ["marees"]


def test_factchecks_group_rated_claims_by_story(api, ratings):
    """Rated claims of public stories, with their story; a verdict filter narrows both."""
    checked = public_story("Caen : la rumeur", rating=ratings["faux"])
    public_story("Sans affirmation")
    _r, body = api.json("/api/v1/factchecks/")
    assert [item["story"]["slug"] for item in body["results"]] == [checked.slug]
    assert body["results"][0]["claims"][0]["rating"]["slug"] == "faux"
    assert api.json("/api/v1/factchecks/?verdict=vrai")[1]["results"] == []
    assert api.get("/api/v1/factchecks/?updated_since=2020-01-01T00:00:00Z").status_code == 400


def test_verdict_scale_in_order(api):
    _r, body = api.json("/api/v1/verdicts/")
    assert [v["slug"] for v in body["results"]][:2] == ["faux", "plutot-faux"]
    assert api.get("/api/v1/verdicts/?x=1").status_code == 400


def test_search_uses_the_site_engine(api):
    """Search finds public stories by their words, accents folded, as the site does."""
    found = public_story("Cherbourg : la marée d'équinoxe")
    public_story("Autre chose")
    _r, body = api.json("/api/v1/search/?q=equinoxe")
    assert [item["slug"] for item in body["results"]] == [found.slug]
    assert api.get("/api/v1/search/").status_code == 400
    assert api.get("/api/v1/search/?q=x&limit=500").status_code == 400


def test_site_pages(api):
    """The newsroom's own pages, their text as HTML."""
    page = SitePage.objects.first()
    _r, body = api.json("/api/v1/pages/")
    assert page.slug in [item["slug"] for item in body["results"]]
    response, detail = api.json(f"/api/v1/pages/{page.slug}/")
    assert response.status_code == 200 and "body_html" in detail
    assert api.get("/api/v1/pages/nope/").status_code == 404


def test_openapi_schema(api):
    """The OpenAPI 3 schema describes every path with its parameters."""
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert "/api/v1/stories/" in paths and "/api/v1/stories/{slug}/" in paths
    names = {p["name"] for p in paths["/api/v1/stories/"]["get"]["parameters"]}
    assert {"limit", "cursor", "fields", "region", "updated_since", "verdict"} <= names
