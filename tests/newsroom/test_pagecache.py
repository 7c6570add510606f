"""Whole-page cache: fast for anonymous readers, never stale after a change."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status
from tests.factories import add_claim, add_sources, approve_change, make_article, refreeze

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def story(journalist):
    article = make_article(
        status=Status.PUBLISHED, author=journalist, title="Le marché couvert de Vire rouvre samedi"
    )
    add_sources(article, "Mairie de Vire", "Ouest-France")
    return article


def test_second_anonymous_request_is_a_hit(client, story):
    """The second reader of a page gets it from the cache, with the same bytes."""
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert first.content == second.content


def test_hit_answers_conditional_get_with_304(client, story):
    """A reader's browser revalidating a cached page gets 304 Not Modified."""
    first = client.get(story.get_absolute_url())
    assert first.has_header("ETag")
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_correction_shows_at_once(client, story, editor, second_editor, ratings):
    """A correction approved after a page was cached is on the next request."""
    add_claim(story, ratings["faux"], story.sources.all())
    client.get(story.get_absolute_url())
    approve_change(story, editor, second_editor, note="L'horaire d'ouverture était 8 h, pas 9 h.")
    page = client.get(story.get_absolute_url())
    assert "L&#x27;horaire d&#x27;ouverture était 8 h" in page.content.decode()


def test_withdrawal_is_not_hidden_by_the_cache(client, story, editor):
    """Once withdrawn, the cached story answers 410 and leaves the front page."""
    assert client.get(story.get_absolute_url()).status_code == 200
    client.get(reverse("articles:home"))
    workflow.apply_transition(
        article=story, user=editor, name="withdraw", comment="Témoignage non confirmé."
    )
    assert client.get(story.get_absolute_url()).status_code == 410
    assert story.title not in client.get(reverse("articles:home")).content.decode()


def test_publication_appears_on_cached_front_page(client, editor, journalist):
    """A story published after the front page was cached is listed at once."""
    client.get(reverse("articles:home"))
    article = make_article(status=Status.VERIFIED, author=journalist, title="Nouvelle ligne TER")
    workflow.apply_transition(article=article, user=editor, name="publish")
    assert "Nouvelle ligne TER" in client.get(reverse("articles:home")).content.decode()


def test_scheduled_story_not_hidden_past_its_time(client, story, journalist):
    """A page cached before a scheduled time is not kept past that time."""
    soon = timezone.now() + timezone.timedelta(seconds=30)
    make_article(status=Status.PUBLISHED, author=journalist, published_at=soon, title="Programmé")
    from newsroom import pagecache

    client.get(reverse("articles:home"))
    until = pagecache.seconds_until_next_publication(pagecache.generation())
    assert until is not None and until <= 30


def test_a_scheduled_publication_forgets_the_lists_not_every_story_page(
    client, story, journalist, time_machine
):
    """At a scheduled story's time the front page shows it; the other stories' pages,
    which nothing of it changes, stay cached (a burst of scheduled stories used to
    empty the whole cache, once per story)."""
    soon = timezone.now() + timezone.timedelta(seconds=30)
    make_article(status=Status.PUBLISHED, author=journalist, published_at=soon, title="Programmé")
    assert client.get(story.get_absolute_url())["X-Cache"] == "miss"
    assert "Programmé" not in client.get(reverse("articles:home")).content.decode()

    later(time_machine, 60)

    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    front = client.get(reverse("articles:home"))
    assert front["X-Cache"] == "miss"
    assert "Programmé" in front.content.decode()


def test_staff_always_get_fresh_pages(client, story, editor):
    """An editor with a session sees changes made through bulk updates immediately."""
    client.force_login(editor)
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Titre changé en masse")
    refreeze(story)
    page = client.get(story.get_absolute_url())
    assert "Titre changé en masse" in page.content.decode()
    assert "X-Cache" not in page


def test_claim_change_forgets_cached_pages(client, story, ratings):
    """A new verdict on a claim is visible on the next anonymous request."""
    client.get(story.get_absolute_url())
    add_claim(story, ratings["faux"], story.sources.all(), label="Le marché fermerait en 2027")
    assert "Le marché fermerait en 2027" in client.get(story.get_absolute_url()).content.decode()


def test_not_found_is_not_cached(client):
    """A 404 is never stored, so a story published later at that address appears."""
    client.get("/articles/pas-encore/")
    assert "X-Cache" not in client.get("/articles/pas-encore/")


def test_plain_http_is_redirected_even_when_cached(client, story, settings):
    """A cached page never bypasses the HTTPS redirect."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(story.get_absolute_url(), secure=True).status_code == 200
    assert client.get(story.get_absolute_url(), secure=True)["X-Cache"] == "hit"
    assert client.get(story.get_absolute_url()).status_code == 301


def test_unknown_host_is_refused_even_when_cached(client, story):
    """A cached page is not served to a Host header the site does not answer to."""
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_a_change_in_another_worker_reaches_this_one(client, story, settings):
    """Without Redis, a save handled by another worker process still refreshes pages here."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    env = {
        **os.environ,
        "SECRET_KEY": "another-worker-" + "k" * 40,
        "CACHE_DIR": settings.CACHES["generation"]["LOCATION"],
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from newsroom import pagecache; pagecache.bump()",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert client.get(story.get_absolute_url())["X-Cache"] == "miss"


def wsgi_get(environ_from, **extra):
    """Call the WSGI front with the environ of a test request; return (status, headers, body)."""
    from django.test import RequestFactory

    from newsroom.pagecache import CachedPages

    calls = []

    def django_app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("599 Reached Django", [])
        return [b""]

    environ = RequestFactory().get(environ_from, **extra).environ
    seen = {}

    def start_response(status, headers):
        seen.update(status=status, headers=dict(headers))

    body = b"".join(CachedPages(django_app)(environ, start_response))
    return seen["status"], seen["headers"], body, calls


def test_wsgi_front_answers_hits_without_django(client, story):
    """A cached page is served by the WSGI front with the bytes Django produced."""
    page = client.get(story.get_absolute_url())
    status, headers, body, calls = wsgi_get(story.get_absolute_url())
    assert calls == []
    assert status.startswith("200") and headers["X-Cache"] == "hit"
    assert body == page.content
    assert headers["Content-Security-Policy"] == page["Content-Security-Policy"]


def test_wsgi_front_revalidates_with_304(client, story):
    """A browser's conditional request gets 304 from the WSGI front."""
    etag = client.get(story.get_absolute_url())["ETag"]
    status, headers, body, calls = wsgi_get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert status.startswith("304") and body == b"" and calls == []
    assert headers["ETag"] == etag


def test_wsgi_front_passes_staff_and_misses_to_django(client, story):
    """Staff sessions and pages not yet cached reach Django."""
    _status, _headers, _body, calls = wsgi_get(story.get_absolute_url())
    assert calls == [story.get_absolute_url()]
    client.get(story.get_absolute_url())
    _status, _headers, _body, calls = wsgi_get(
        story.get_absolute_url(), HTTP_COOKIE="sessionid=abc"
    )
    assert calls == [story.get_absolute_url()]


# Every public output that lists stories: none may keep a cache of its own.
STORY_OUTPUTS = [
    "/sitemap-articles.xml",
    "/sitemap-authors.xml",
    "/sitemap-news.xml",
    "/flux/articles.rss",
    "/flux/articles.atom",
    "/flux/regions/normandie.rss",
]


def marker(url, article):
    """What shows that `article` is listed in the output at `url`."""
    return article.bylines.get().author.slug if "authors" in url else article.slug


def later(time_machine, seconds):
    """Move every clock (Django's, the caches' expiry) `seconds` ahead, still ticking."""
    time_machine.move_to(timezone.now() + timezone.timedelta(seconds=seconds), tick=True)


@pytest.mark.parametrize("url", STORY_OUTPUTS)
def test_a_withdrawn_story_leaves_every_output_at_once(client, story, editor, url):
    """Once withdrawn, a story is gone from the sitemaps and feeds on the next request."""
    assert marker(url, story) in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    workflow.apply_transition(
        article=story, user=editor, name="withdraw", comment="Témoignage non confirmé."
    )
    assert marker(url, story) not in client.get(url).content.decode()


@pytest.mark.parametrize("url", STORY_OUTPUTS)
def test_a_scheduled_story_joins_every_output_at_its_time(
    client, journalist, other_journalist, time_machine, url
):
    """A story scheduled in 30 seconds is in the sitemaps and feeds once its time has come."""
    make_article(status=Status.PUBLISHED, author=journalist, title="Déjà en ligne")
    soon = timezone.now() + timezone.timedelta(seconds=30)
    scheduled = make_article(status=Status.PUBLISHED, author=other_journalist, published_at=soon)
    assert marker(url, scheduled) not in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    later(time_machine, 60)
    assert marker(url, scheduled) in client.get(url).content.decode()


def test_the_sitemap_index_follows_a_publication(client, story, editor, journalist):
    """The sitemap index's last modification moves as soon as a story is published."""
    before = client.get("/sitemap.xml").content.decode()
    article = make_article(status=Status.VERIFIED, author=journalist)
    article = workflow.apply_transition(article=article, user=editor, name="publish")
    after = client.get("/sitemap.xml").content.decode()
    assert after != before
    assert timezone.localtime(article.published_at).isoformat() in after


def test_tracking_parameters_share_the_clean_pages_entry(client, story):
    """A link shared with `?fbclid=…` or `utm_*` is served from the cached page, and
    cannot fill the cache with copies of it."""
    url = story.get_absolute_url()
    assert client.get(url)["X-Cache"] == "miss"
    for query in ("?fbclid=IwAR3xyz", "?utm_source=newsletter&utm_medium=email", "?gclid=1&_ga=2"):
        response = client.get(url + query)
        assert response["X-Cache"] == "hit", query
        assert response.status_code == 200


def test_parameters_pages_read_still_make_their_own_entry(client, story):
    """A parameter a page reads (the page number) is part of the key; its order is not."""
    home = reverse("articles:home")
    assert client.get(home + "?page=1&utm_campaign=x")["X-Cache"] == "miss"
    assert client.get(home + "?utm_campaign=y&page=1")["X-Cache"] == "hit"
    assert client.get(home)["X-Cache"] == "miss"


def test_saving_a_draft_keeps_every_cached_page(client, story, journalist):
    """Readers cannot see drafts: writing one forgets nothing public."""
    from articles.editing import edit_story

    client.get(story.get_absolute_url())
    draft = make_article(status=Status.DRAFT, author=journalist, title="Brouillon en cours")
    add_sources(draft, "Mairie de Vire", "Ouest-France")
    with edit_story(article=draft, user=journalist) as edit:
        edit.article.introduction = "Un paragraphe de plus."
        edit.article.save()
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"


def test_changing_a_public_storys_parts_forgets_cached_pages(client, story, editor):
    """A published story's live parts (its tags feed the tag lists) still purge."""
    client.get(story.get_absolute_url())
    story.tags.add("Marché couvert")
    assert client.get(story.get_absolute_url())["X-Cache"] == "miss"


def test_a_withdrawn_storys_notice_is_cached(client, story, editor):
    """410 Gone depends on the withdrawal version alone: readers get it from the cache."""
    workflow.apply_transition(
        article=story, user=editor, name="withdraw", comment="Témoignage non confirmé."
    )
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert (first.status_code, first["X-Cache"]) == (410, "miss")
    assert (second.status_code, second["X-Cache"]) == (410, "hit")
    assert first.content == second.content
