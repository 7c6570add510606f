"""Shared fixtures: storage in a temporary folder, users per role (builders: tests/factories.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import clear_url_caches

from articles.counts import RECENT
from articles.feeds import FEED_ITEMS
from articles.listing import VERSIONS
from articles.models import Author, Region
from articles.structured_data import LIST_ITEMS
from articles.templatetags.cards import STORY_CARDS
from factcheck.models import Rating
from newsroom.frame import FRAMES
from newsroom.pagecache import HOT_PAGES, SITE_WIDE_GENERATIONS
from newsroom.roles import EDITOR, JOURNALIST
from tests.catalogues import compile_catalogues
from tests.evidence_server import evidence_server  # noqa: F401 (a fixture for every test)
from tests.factories import PASSWORD, make_user

_URLS_BUILT_FOR = {"language": None}


@receiver(setting_changed)
def urls_follow_the_default_language(setting, value=None, **kwargs):
    """The URL resolver caches its reverse table per language, with or without the
    /fr/ prefix depending on LANGUAGE_CODE: a test that changes it must not leave
    later tests with the other language's addresses. Only a real change clears it:
    every test sets "fr" (below), and rebuilding the table each time was a fifth of
    the suite's time."""
    if setting == "LANGUAGE_CODE" and value != _URLS_BUILT_FOR["language"]:
        _URLS_BUILT_FOR["language"] = value
        clear_url_caches()


def pytest_configure(config):
    if compile_catalogues():
        # Django may have read the old catalogues while starting: forget them.
        from django.test.signals import language_changed

        language_changed(setting="LOCALE_PATHS")


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Uploads go to a temporary folder; static files need no collectstatic."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # Whole-page caching is tested on its own (tests/newsroom/test_pagecache.py).
    settings.PAGE_CACHE_SECONDS = 0
    # The cache shared by worker processes (page generation): one per test.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        },
    }
    settings.LANGUAGE_CODE = "fr"
    # Production's hasher takes about 0.5 s per password on a small machine, and most
    # tests make two or three users: no test is about the hasher's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Required in production; tests/accounts turn it on, and the browser journeys enrol.
    settings.TWO_FACTOR_REQUIRED = False
    # Rendered fragments and kept versions are keyed by ids and generations that each
    # test starts again.
    stores = (
        *(cache, caches["fragments"], HOT_PAGES, FRAMES, SITE_WIDE_GENERATIONS),
        *(STORY_CARDS, FEED_ITEMS, VERSIONS, RECENT, LIST_ITEMS),
    )
    for store in stores:
        store.clear()
    yield
    for store in stores:
        store.clear()


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)


@pytest.fixture
def journalist(db):
    user = make_user("lea", JOURNALIST, first_name="Léa", last_name="Morel")
    Author.objects.create(name="Léa Morel", slug="lea-morel", user=user)
    return user


@pytest.fixture
def other_journalist(db):
    user = make_user("hugo", JOURNALIST, first_name="Hugo", last_name="Perrin")
    Author.objects.create(name="Hugo Perrin", slug="hugo-perrin", user=user)
    return user


@pytest.fixture
def editor(db):
    user = make_user("claire", EDITOR, first_name="Claire", last_name="Dubois")
    Author.objects.create(name="Claire Dubois", slug="claire-dubois", user=user)
    return user


@pytest.fixture
def second_editor(db):
    return make_user("marc", EDITOR, first_name="Marc", last_name="Lefèvre")


@pytest.fixture
def normandie(db):
    return Region.objects.get(slug="normandie")


@pytest.fixture
def ratings(db):
    return {rating.slug: rating for rating in Rating.objects.all()}
