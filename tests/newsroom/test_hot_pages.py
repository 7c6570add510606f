"""Each worker's hot copies of cached pages (newsroom/pagecache.py, `HotPages`): served
while the host's change number is the one they were stamped with, never after."""

import os

import pytest
from django.core.cache import cache, caches
from django.utils import timezone

from articles import workflow
from articles.models import Status
from newsroom import pagecache
from tests.factories import make_article

from . import test_pagecache
from .test_pagecache import wsgi_get

pytestmark = pytest.mark.django_db

# The page cache on, and a published story: the same fixtures as the page cache's tests.
page_cache_on = test_pagecache.page_cache_on
story = test_pagecache.story


@pytest.fixture
def cache_reads(monkeypatch):
    """How many times the shared page cache is read."""
    reads = []
    store = type(caches["default"])
    original = store.get

    def counting(self, key, *args, **kwargs):
        reads.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(store, "get", counting)
    return reads


def test_a_worker_answers_its_hot_pages_without_reading_the_cache(client, story, cache_reads):
    url = story.get_absolute_url()
    page = client.get(url)
    assert page["X-Cache"] == "miss"
    cache_reads.clear()
    status, headers, body, calls = wsgi_get(url)
    assert calls == [] and status.startswith("200") and headers["X-Cache"] == "hit"
    assert body == page.content
    assert headers["Content-Length"] == str(len(page.content))
    assert not [key for key in cache_reads if key.startswith("pagecache:")]


def test_a_hot_page_answers_conditional_requests(client, story):
    etag = client.get(story.get_absolute_url())["ETag"]
    status, headers, body, calls = wsgi_get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert status.startswith("304") and body == b"" and calls == []
    assert "Content-Length" not in headers


def test_a_publication_is_seen_at_once_though_the_front_page_is_hot(
    client, story, journalist, editor
):
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    other = make_article(
        status=Status.VERIFIED, author=journalist, title="Le pont de Honfleur ferme la nuit"
    )
    workflow.apply_transition(article=other, user=editor, name="publish")
    front = client.get("/")
    assert front["X-Cache"] == "miss"
    assert other.title in front.content.decode()


def test_a_hot_page_is_not_served_past_its_time(client, story, time_machine):
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    time_machine.move_to(timezone.now() + timezone.timedelta(seconds=301), tick=True)
    assert client.get(story.get_absolute_url())["X-Cache"] == "miss"


def test_staff_never_get_a_hot_page(client, story, editor):
    client.get(story.get_absolute_url())
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert "X-Cache" not in response


def test_the_hot_pages_keep_within_their_bytes(client, journalist, settings):
    stories = [
        make_article(status=Status.PUBLISHED, author=journalist, title=f"Brève de Lisieux {n}")
        for n in range(8)
    ]
    first = client.get(stories[0].get_absolute_url())
    settings.PAGE_CACHE_HOT_BYTES = len(first.content) * 5
    pagecache.HOT_PAGES.clear()
    for article in stories:
        client.get(article.get_absolute_url())
    kept = [key[3] for key in pagecache.HOT_PAGES.copies]
    assert 0 < pagecache.HOT_PAGES.size <= settings.PAGE_CACHE_HOT_BYTES
    assert pagecache.HOT_PAGES.size == sum(c.size for c in pagecache.HOT_PAGES.copies.values())
    # The last served stay, the first served went.
    assert kept == [article.get_absolute_url() for article in stories[-len(kept) :]]
    assert 2 <= len(kept) < len(stories)
    settings.PAGE_CACHE_HOT_BYTES = len(first.content) * 3  # a page over a quarter: not kept
    pagecache.HOT_PAGES.clear()
    client.get(stories[0].get_absolute_url())
    assert not pagecache.HOT_PAGES.copies


def test_no_hot_pages_when_turned_off(client, story, settings, cache_reads):
    settings.PAGE_CACHE_HOT_BYTES = 0
    client.get(story.get_absolute_url())
    cache_reads.clear()
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    assert any(key.startswith("pagecache:") for key in cache_reads)
    assert not pagecache.HOT_PAGES.copies


def test_the_change_number_moves_with_every_bump():
    before = pagecache.change_number()
    pagecache.bump_scopes(pagecache.story_scope("un-recit"))
    after = pagecache.change_number()
    assert before is not None and after != before
    pagecache.bump()
    assert pagecache.change_number() not in (before, after)


def test_the_change_number_survives_its_file_being_removed(settings):
    """A cache folder emptied by hand: a bump makes and maps the new file at once (the
    readers map it within a second)."""
    directory = settings.CACHES["generation"]["LOCATION"]
    before = pagecache.change_number()
    os.remove(os.path.join(directory, pagecache.CHANGES_FILE))
    pagecache.move_change_number()
    assert os.path.exists(os.path.join(directory, pagecache.CHANGES_FILE))
    assert pagecache.change_number() != before


def test_with_one_shared_store_the_change_number_is_a_cache_key(settings, client, story):
    """With Redis, pages, generations and the change number share the store."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": settings.CACHES["fragments"],
    }
    number = pagecache.change_number()
    assert cache.get(pagecache.CHANGES_KEY) == number
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Cache"] == "hit"
    pagecache.bump()
    assert pagecache.change_number() != number
    assert client.get(story.get_absolute_url())["X-Cache"] == "miss"
    cache.clear()  # emptied: a new random number, never a stamp a worker holds
    assert pagecache.change_number() not in (None, number)


def test_tracking_parameters_share_one_hot_copy(client, story):
    url = story.get_absolute_url()
    client.get(url)
    for query in ("?utm_source=lettre", "?fbclid=abc", "?utm_medium=x&gclid=y"):
        assert client.get(url + query)["X-Cache"] == "hit"
    assert len(pagecache.HOT_PAGES.copies) == 1


def test_the_site_wide_generations_are_read_again_only_when_the_number_moves(monkeypatch):
    """Without Redis, the site and lists generations are kept with the change number read
    before them; the next page reads no generation file until a bump moves the number."""
    first = pagecache.generations(())
    reads = []
    store = type(caches["generation"])
    original = store.get_many

    def counting(self, keys, *args, **kwargs):
        reads.append(list(keys))
        return original(self, keys, *args, **kwargs)

    monkeypatch.setattr(store, "get_many", counting)
    assert pagecache.generations(()) == first
    assert reads == []

    pagecache.bump()  # the site's generation, then the number

    after = pagecache.generations(())
    assert after[pagecache.SITE] == first[pagecache.SITE] + 1
    assert after[pagecache.LISTS] == first[pagecache.LISTS]
    assert len(reads) == 1


def test_a_story_scope_is_read_even_when_the_site_wide_ones_are_kept():
    scope = pagecache.story_scope("un-recit")
    before = pagecache.generations([scope])[scope]
    pagecache.bump_scopes(scope)
    assert pagecache.generations([scope])[scope] > before
