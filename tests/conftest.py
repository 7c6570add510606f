"""Shared fixtures: storage in a temporary folder, users per role, story builders."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Region, Status
from factcheck.models import Claim, Outlet, Rating, Source
from newsroom.roles import EDITOR, JOURNALIST

PASSWORD = "correct-horse-battery"
ROOT = Path(__file__).resolve().parents[1]


def compile_catalogues(root=ROOT) -> list[Path]:
    """Compile each translation catalogue whose .mo is missing or older than its .po.

    The .mo files are build products, not in git: without this, a plain `pytest`
    on a fresh clone would test an English-only site. Same command as Django's
    `compilemessages` (GNU gettext's msgfmt, with the format checks).
    """
    stale = [
        po
        for po in sorted(root.glob("locale/*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    msgfmt = shutil.which("msgfmt")
    if stale and msgfmt is None:
        raise pytest.UsageError(
            "The translation catalogues need compiling and msgfmt is missing: "
            "install GNU gettext (apt-get install gettext), or run `make test`."
        )
    for po in stale:
        subprocess.run(
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)],
            check=True,
            capture_output=True,
        )
    return stale


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
    # The cache shared by worker processes (page generation, login throttle): one per test.
    settings.CACHES = {
        **settings.CACHES,
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared-cache"),
        },
    }
    settings.LANGUAGE_CODE = "fr"
    cache.clear()
    yield
    cache.clear()


def make_user(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        is_staff=role is not None or extra.pop("is_staff", False),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


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


_counter = {"n": 0}


def make_article(
    *, title=None, status=Status.DRAFT, author=None, region=None, published_at=None, **fields
):
    """A story with the fields submission needs; `author` is an Author or a user."""
    _counter["n"] += 1
    title = title or f"Le bac à marée de Granville rouvre ses portes ({_counter['n']})"
    region = region or Region.objects.get(slug="normandie")
    if status in (Status.PUBLISHED, Status.WITHDRAWN) and published_at is None:
        published_at = timezone.now() - timezone.timedelta(hours=1)
    if status == Status.WITHDRAWN:
        fields.setdefault("withdrawal_reason", "Témoignage principal non confirmé.")
    article = Article.objects.create(
        title=title,
        slug=fields.pop("slug", None) or f"story-{_counter['n']}",
        region=region,
        status=status,
        published_at=published_at,
        introduction=fields.pop("introduction", "La piscine d'eau de mer rouvre après travaux."),
        verified_facts=fields.pop("verified_facts", "La mairie a confirmé la date."),
        **fields,
    )
    if author is not None:
        if not isinstance(author, Author):
            author = author.author
        ArticleAuthor.objects.create(article=article, author=author)
    return article


def add_sources(article, *outlet_names, kind=Source.Kind.DOCUMENT):
    sources = []
    for name in outlet_names:
        outlet, _ = Outlet.objects.get_or_create(
            slug=name.lower().replace(" ", "-"), defaults={"name": name}
        )
        sources.append(
            Source.objects.create(
                article=article,
                outlet=outlet,
                kind=kind,
                title=f"Document de {name}",
                url=f"https://example.org/{outlet.slug}",
            )
        )
    return sources


def add_claim(article, rating=None, sources=(), label="Le bassin serait fermé tout l'été"):
    claim = Claim.objects.create(
        article=article,
        label=label,
        statement="Le bassin restera fermé tout l'été.",
        claimant="Un compte anonyme",
        rating=rating,
        verdict_explanation="La mairie a publié l'arrêté d'ouverture.",
    )
    claim.sources.set(sources)
    return claim
