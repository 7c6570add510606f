"""The story endpoints: what a mobile app or a partner gets, from published versions only."""

import pytest
from django.utils import timezone

from articles import editing, workflow
from articles.models import Status
from tests.api.conftest import public_story
from tests.factories import approve_change, make_article
from tests.reader_site import build_world

LIST = "/api/v1/stories/"

pytestmark = pytest.mark.django_db


def slugs(body):
    return [item["slug"] for item in body["results"]]


def test_list_shows_public_stories_latest_first(api, journalist, ratings):
    """The list gives each public story's card, the latest publication first."""
    older = public_story("Le port de Honfleur rouvre", hours_ago=5, author=journalist)
    newer = public_story("Caen : la rumeur du tramway gratuit", hours_ago=1, rating=ratings["faux"])
    response, body = api.json(LIST)
    assert response.status_code == 200
    assert slugs(body) == [newer.slug, older.slug]
    first = body["results"][0]
    assert first["title"] == "Caen : la rumeur du tramway gratuit"
    assert first["url"].endswith(f"/articles/{newer.slug}/")
    assert first["api_url"].endswith(f"/api/v1/stories/{newer.slug}/")
    assert first["region"] == {"name": "Normandie", "slug": "normandie"}
    assert first["claims"][0]["rating"]["slug"] == "faux"
    assert body["results"][1]["authors"][0]["slug"] == "lea-morel"
    assert body["next"] is None


def test_detail_has_everything_the_story_page_shows(api, journalist, ratings):
    """Sections as sanitised HTML, claims with verdict and explanation, sources, quotes."""
    article = public_story(
        "Bayeux : la tapisserie ne part pas",
        author=journalist,
        rating=ratings["faux"],
        development="Le musée **reste ouvert**.<script>alert(1)</script>",
    )
    article.quotes.create(text="Elle reste ici.", speaker="Marie Lebas", speaker_role="maire")
    from tests.factories import refreeze

    refreeze(article)
    response, body = api.json(f"/api/v1/stories/{article.slug}/")
    assert response.status_code == 200
    assert "<strong>reste ouvert</strong>" in body["sections"]["development"]
    assert "<script" not in body["sections"]["development"]
    claim = body["claims"][0]
    assert claim["verdict"]["slug"] == "faux"
    assert "arrêté" in claim["verdict_explanation_html"]
    assert claim["anchor"].startswith("affirmation-")
    assert {s["outlet"]["name"] for s in body["sources"]} == {
        "Préfecture du Calvados",
        "Ouest-Littoral",
    }
    assert body["quotes"][0]["speaker"] == "Marie Lebas"
    assert body["authors"][0]["name"] == "Léa Morel"
    assert response["Last-Modified"]


def test_an_unapproved_change_never_shows(api, journalist, editor, second_editor, ratings):
    """Rows edited after publication stay out of the API until the change is approved."""
    article = public_story(
        "Lisieux : la basilique fermée ?", author=journalist, rating=ratings["faux"]
    )
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.title = "Titre pas encore relu"
        edit.article.development = "Passage en attente."
        edit.article.save()
    _r, listed = api.json(LIST)
    _r, detail = api.json(f"/api/v1/stories/{article.slug}/")
    assert listed["results"][0]["title"] == "Lisieux : la basilique fermée ?"
    assert detail["title"] == "Lisieux : la basilique fermée ?"
    assert "Passage en attente" not in str(detail)
    workflow.apply_transition(
        article=article, user=editor, name="propose", comment="Titre précisé.",
        change_kind="correction",
    )  # fmt: skip
    workflow.apply_transition(article=article, user=second_editor, name="approve")
    _r, detail = api.json(f"/api/v1/stories/{article.slug}/")
    assert detail["title"] == "Titre pas encore relu"
    assert detail["corrections"][-1]["text"] == "Titre précisé."


def test_nothing_non_public_appears_in_any_state(api, client):
    """Draft, submitted, verified, scheduled and withdrawn stories stay out of every list,
    their detail is 404 (410 with the reason once withdrawn), search does not find them."""
    world = build_world()
    urls = [
        LIST,
        "/api/v1/factchecks/",
        "/api/v1/tags/",
        "/api/v1/search/?q=zzhidden",
        "/api/v1/search/?q=cachee",
        f"{LIST}?tag=zzhidden",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "zzhidden" not in str(response.json()["results"]), url
    _r, body = api.json(LIST)
    assert slugs(body) == [world.public.slug]
    for state, article in world.hidden.items():
        response = client.get(f"/api/v1/stories/{article.slug}/")
        expected = 410 if state == "withdrawn" else 404
        assert response.status_code == expected, state
        if state != "withdrawn":
            assert "zzhidden" not in response.content.decode().replace(article.slug, "")


def test_withdrawn_detail_is_410_with_a_tombstone(api, journalist, editor):
    """A withdrawn story answers 410 with its id, slug, reason and date, nothing else."""
    article = public_story("Deauville : le casino vendu ?", author=journalist)
    workflow.apply_transition(
        article=article, user=editor, name="withdraw", comment="Source non fiable."
    )
    response, body = api.json(f"/api/v1/stories/{article.slug}/")
    assert response.status_code == 410
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 410 and body["detail"] == "Source non fiable."
    assert set(body["story"]) == {
        "id", "slug", "withdrawn", "withdrawal_reason", "withdrawn_at", "updated_at", "version",
    }  # fmt: skip


def test_updated_since_gives_changes_oldest_first_and_tombstones(
    api, journalist, editor, second_editor, ratings
):
    """Incremental sync: stories published, corrected or withdrawn after the time, oldest
    change first, the withdrawn one as a tombstone; earlier stories are left out."""
    old = public_story("Ancienne histoire", hours_ago=30, author=journalist, rating=ratings["faux"])
    since = timezone.now() - timezone.timedelta(hours=10)
    withdrawn = public_story("Vire : fausse alerte", hours_ago=8, author=journalist)
    corrected = public_story(
        "Falaise : le château", hours_ago=7, author=journalist, rating=ratings["faux"]
    )
    new = public_story("Dives-sur-Mer : le marché", hours_ago=2)
    workflow.apply_transition(article=withdrawn, user=editor, name="withdraw", comment="Erreur.")
    approve_change(corrected, editor, second_editor, introduction="Intro corrigée.")
    approve_change(old, editor, second_editor, introduction="Ancienne, corrigée.")
    _r, body = api.json(f"{LIST}?updated_since={since.isoformat().replace('+', '%2B')}")
    assert slugs(body) == [new.slug, withdrawn.slug, corrected.slug, old.slug]
    tombstone = body["results"][1]
    assert tombstone["withdrawn"] is True and tombstone["withdrawal_reason"] == "Erreur."
    assert "title" not in tombstone
    assert body["results"][2]["introduction"] == "Intro corrigée."
    assert old.slug not in slugs(api.json(LIST + "?updated_since=" + "2999-01-01T00:00:00Z")[1])


def test_cursor_walks_every_story_once(api):
    """Following `next` with a small limit visits every story once, in order; stories
    published meanwhile do not shift the pages."""
    made = [public_story(f"Histoire {n}", hours_ago=n + 1) for n in range(5)]
    seen, url = [], f"{LIST}?limit=2&fields=slug"
    while url:
        response, body = api.json(url)
        assert response.status_code == 200
        assert all(set(item) == {"slug"} for item in body["results"])
        seen += slugs(body)
        url = body["next"]
        if len(seen) == 2:
            public_story("Publiée pendant la lecture", hours_ago=0)
    assert seen == [article.slug for article in made]


def test_cursor_walks_a_sync_too(api):
    """`updated_since` pages follow the same cursor, oldest change first."""
    made = [public_story(f"Sync {n}", hours_ago=5 - n) for n in range(5)]
    seen, url = [], f"{LIST}?limit=2&updated_since=2000-01-01T00:00:00Z"
    while url:
        _r, body = api.json(url)
        seen += slugs(body)
        url = body["next"]
    assert seen == [article.slug for article in made]


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=abc",
        "limit=-3",
        "cursor=nope",
        "fields=title,password",
        "updated_since=hier",
        "type=poem",
        "language=xx",
        "region=../etc",
        "verdict=a%20b",
        "unknown=1",
        "updated_since=2026-01-01&limit=x",
    ],
)
def test_bad_parameters_are_400_problems(api, query):
    """A bad parameter gets a 400 in the problem shape naming it, never a 500."""
    public_story("Histoire")
    response, body = api.json(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert query.split("=")[-2].split("&")[-1] in body["errors"]


def test_a_cursor_of_another_list_or_mode_is_refused(api):
    """A sync cursor is not accepted by the plain list, nor an authors cursor by stories."""
    for n in range(3):
        public_story(f"Histoire {n}", hours_ago=n + 1)
    _r, body = api.json(f"{LIST}?limit=1&updated_since=2000-01-01T00:00:00Z")
    cursor = body["next"].split("cursor=")[1]
    assert api.get(f"{LIST}?cursor={cursor}").status_code == 400
    _r, authors = api.json("/api/v1/regions/?limit=1")
    other = authors["next"].split("cursor=")[1]
    assert api.get(f"{LIST}?cursor={other}").status_code == 400


@pytest.mark.parametrize(
    "values",
    [
        ["latest", "0001-01-01T00:00:00+05:00", 1],
        ["latest", "pas une date", 1],
        ["latest", "2026-01-01T00:00:00+00:00", 10**30],
        ["latest", "2026-01-01T00:00:00+00:00", True],
        ["sync", "2026-01-01T00:00:00+00:00", 1],
        ["latest", None],
    ],
)
def test_odd_cursor_contents_are_400(api, values):
    """Even a correctly signed cursor holding a time or an id the database cannot compare
    (older code, another list) is a 400, never a 500."""
    from api.params import encode_cursor

    response = api.get(LIST, {"cursor": encode_cursor("stories", values)})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_limit_is_capped(api, settings):
    """A limit above the maximum gives the maximum, not everything."""
    settings.API_MAX_LIMIT = 2
    for n in range(3):
        public_story(f"Histoire {n}", hours_ago=n + 1)
    _r, body = api.json(f"{LIST}?limit=1000")
    assert len(body["results"]) == 2 and body["next"]


def test_filters(api, journalist, other_journalist, calvados, ratings):
    """Region (with the places inside it), tag, author, verdict, type and language."""
    caen = public_story(
        "Caen : la piscine", region=calvados, author=journalist, rating=ratings["faux"]
    )
    caen.tags.add("piscines")
    from tests.factories import refreeze

    refreeze(caen)
    rouen = public_story(
        "Rouen : la cathédrale", author=other_journalist, work_type="analysis", language="en"
    )

    def found(query):
        return slugs(api.json(f"{LIST}?{query}")[1])

    assert found("region=normandie") == [rouen.slug, caen.slug]
    assert found("region=calvados") == [caen.slug]
    assert found("region=bretagne") == []
    assert found("region=nulle-part") == []
    assert found("tag=piscines") == [caen.slug]
    assert found("author=hugo-perrin") == [rouen.slug]
    assert found("verdict=faux") == [caen.slug]
    assert found("verdict=vrai") == []
    assert found("type=analysis") == [rouen.slug]
    assert found("language=en") == [rouen.slug]
    assert found("region=calvados&author=hugo-perrin") == []


def test_filters_read_the_published_card(api, journalist, editor, calvados):
    """A story moved to another region by an unapproved edit is not listed under the new
    region: the filter's candidates are checked against what readers see."""
    from articles.models import Region

    article = public_story("Honfleur : le port", region=calvados, author=journalist)
    with editing.edit_story(article=article, user=editor) as edit:
        edit.article.region = Region.objects.get(slug="bretagne")
        edit.article.save()
    assert slugs(api.json(f"{LIST}?region=bretagne")[1]) == []
    _r, body = api.json(LIST)
    assert body["results"][0]["region"]["slug"] == "calvados"


def test_http_caching_and_cors(api):
    """ETag and 304, Last-Modified, public Cache-Control, CORS for any origin, preflight."""
    article = public_story("Histoire")
    url = f"/api/v1/stories/{article.slug}/"
    response = api.get(url, HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    again = api.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    again = api.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    preflight = api.options(
        LIST, HTTP_ORIGIN="https://app.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert api.post(LIST).status_code == 405


def test_old_address_redirects(api, editor):
    """A story whose slug changed answers its old API address with a permanent redirect."""
    from articles.models import ArticleRedirect

    article = public_story("Histoire")
    ArticleRedirect.objects.create(old_slug="ancienne-adresse", article=article)
    response = api.get("/api/v1/stories/ancienne-adresse/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/stories/{article.slug}/")


def test_unknown_addresses_are_problem_404s(api):
    response, body = api.json("/api/v1/nothing-here/")
    assert response.status_code == 404 and body["status"] == 404
    response, body = api.json("/api/v1/stories/inconnue/")
    assert response.status_code == 404 and body["title"] == "Not Found"


def test_list_queries_do_not_grow_with_stories(
    api, django_assert_max_num_queries, journalist, ratings, calvados
):
    """The list and its filters cost the same few queries for 2 or 12 stories (no query
    per story for its authors, claims or region: they come from the frozen card)."""
    for n in range(2):
        public_story(f"Histoire {n}", author=journalist, region=calvados, rating=ratings["faux"])
    queries = [
        "",
        "?region=normandie&tag=x&author=lea-morel&verdict=faux",
        "?updated_since=2000-01-01T00:00:00Z",
    ]
    for query in queries:
        with django_assert_max_num_queries(6):
            assert api.get(LIST + query).status_code == 200
    for n in range(10):
        public_story(f"Autre {n}", author=journalist, region=calvados, rating=ratings["faux"])
    for query in queries:
        with django_assert_max_num_queries(6):
            assert api.get(LIST + query).status_code == 200


def test_detail_queries_are_constant(api, django_assert_max_num_queries, journalist, ratings):
    """A story's detail is one query for the story and its version, whatever it holds."""
    article = public_story("Histoire", author=journalist, rating=ratings["faux"])
    with django_assert_max_num_queries(3):
        assert api.get(f"/api/v1/stories/{article.slug}/").status_code == 200


def test_scheduled_story_appears_at_its_time(api, journalist):
    """A scheduled story is absent until its time, then listed without any job."""
    article = make_article(
        status=Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(hours=2),
        author=journalist,
    )
    assert slugs(api.json(LIST)[1]) == []
    assert api.get(f"/api/v1/stories/{article.slug}/").status_code == 404


def test_images_link_renditions_never_the_original(api, journalist, ratings):
    """The hero image in a list and a detail: the largest rendition, every width, the
    crops; never the uploaded original (it may carry GPS positions and serials)."""
    from tests.factories import library_image, refreeze, with_hero

    article = public_story("Vire : le marché couvert rouvre", author=journalist)
    image = library_image("marche.png", size=(1200, 800), alt="Les étals du marché couvert de Vire")
    with_hero(article, image)
    refreeze(article)
    _r, listed = api.json(LIST)
    _r, detail = api.json(f"/api/v1/stories/{article.slug}/")
    original = article.hero_image.name
    for image in (listed["results"][0]["image"], detail["image"]):
        assert "/renditions/" in image["url"] and original not in image["url"]
        assert {crop["ratio"] for crop in image["crops"]} == {"16x9", "4x3", "1x1"}
        assert image["alt"] == "Les étals du marché couvert de Vire"
    widths = [rendition["width"] for rendition in detail["image"]["renditions"]]
    assert widths == sorted(widths) and widths[-1] == detail["image"]["width"] <= 1200
    assert original not in str(detail) and original not in str(listed)
