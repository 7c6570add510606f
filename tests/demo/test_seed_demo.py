"""`manage.py seed_demo`: the demo a newcomer sees after `make demo`."""

import shutil
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleEvent, Author, Correction, Quote, SitePage, Status
from demo import content
from demo.management.commands.seed_demo import DEMO_PASSWORD, LOGIN_URL
from factcheck.models import Claim, ClaimAppearance, Outlet, Source
from newsroom.roles import EDITOR, JOURNALIST

COUNTED = [
    Article,
    Claim,
    Source,
    Quote,
    Correction,
    Outlet,
    Author,
    ClaimAppearance,
    ArticleEvent,
    Tag,
    TaggedItem,
    get_user_model(),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    settings.DEBUG = True
    # The default hasher is deliberately slow; these tests create and log in users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output():
    return seed()


def test_refuses_on_a_production_site(settings):
    """On a site with DEBUG off, the command stops and says to pass --force."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not Article.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_force_runs_without_debug(settings):
    """With --force, an operator can load the demo on a server with DEBUG off."""
    settings.DEBUG = False
    seed("--force")
    assert Article.objects.count() >= 8


def test_stories_span_regions_and_every_workflow_state(output):
    """The demo shows stories from several regions, in every state of the workflow."""
    assert Article.objects.count() >= 8
    assert Article.objects.values("region").distinct().count() >= 4
    assert set(Article.objects.values_list("status", flat=True)) == set(Status.values)
    assert Article.objects.values("work_type").distinct().count() >= 4
    withdrawn = Article.objects.get(status=Status.WITHDRAWN)
    assert withdrawn.withdrawal_reason and withdrawn.withdrawn_at and withdrawn.withdrawn_by
    assert withdrawn.published_at < withdrawn.withdrawn_at <= timezone.now()


def test_scheduled_story_is_not_public_yet(output):
    """One story waits for its publication time and is not on the public site yet."""
    scheduled = Article.objects.scheduled().get()
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.published_at > timezone.now()
    assert scheduled not in Article.objects.published()
    assert Article.objects.published().count() >= 5


def test_published_stories_carry_markdown_tags_bylines_and_quotes(output):
    """Each public story has rendered sections, tags, a byline and official reactions."""
    for article in Article.objects.published():
        assert article.verified_facts_html.startswith("<")
        assert "**" not in article.verified_facts_html
        assert article.tags.exists()
        assert 1 <= article.bylines.count() <= 2
        assert 1 <= article.quotes.count() <= 3


def test_every_published_story_is_sourced(output):
    """Readers can repeat every check: a primary source and at least two outlets."""
    for article in Article.objects.filter(status=Status.PUBLISHED):
        assert article.sources.primary().exists(), article.slug
        assert article.sources.values("outlet").distinct().count() >= 2, article.slug


def test_claims_have_verdicts_sources_and_a_first_appearance(output):
    """Each claim on a public story shows a verdict, its sources and where it first appeared."""
    claims = Claim.objects.filter(article__in=Article.objects.published())
    assert claims.values("rating").distinct().count() >= 3
    for claim in claims:
        assert claim.rating and claim.verdict_explanation_html and claim.reviewed_by
        assert set(claim.sources.values_list("article", flat=True)) == {claim.article_id}
        assert claim.sources.values("outlet").distinct().count() >= 2
        assert claim.sources.primary().exists()
        assert claim.appearances.filter(is_first=True).count() == 1
    assert all(len(label) <= 75 for label in Claim.objects.values_list("label", flat=True))


def test_verifier_never_signed_the_story(output):
    """Four eyes: whoever verified a story is an editor who is not among its authors."""
    verified = Article.objects.exclude(verified_by=None)
    assert verified.exists()
    for article in verified:
        assert article.verified_by.groups.filter(name=EDITOR).exists()
        assert not article.authors.filter(user=article.verified_by).exists(), article.slug


def test_a_published_story_shows_a_correction(output):
    """At least one public story has a dated correction."""
    correction = Correction.objects.filter(article__in=Article.objects.published()).first()
    assert correction is not None
    assert correction.kind == Correction.Kind.CORRECTION and correction.text


def test_demo_accounts_log_in_with_the_printed_password(output, client):
    """Each printed account opens the admin with the printed password."""
    users = get_user_model().objects
    assert users.get(username="journalist").groups.filter(name=JOURNALIST).exists()
    for username in ("editor", "editor2"):
        assert users.get(username=username).groups.filter(name=EDITOR).exists()
    assert users.get(username="admin").is_superuser
    assert Author.objects.filter(user__username__in=["journalist", "editor"]).count() == 2
    for username in ("journalist", "editor", "editor2", "admin"):
        # The lockout backend (django-axes) counts attempts by request: give it one.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        assert client.login(request=request, username=username, password=DEMO_PASSWORD)
        assert client.get("/admin/").status_code == 200
    assert DEMO_PASSWORD in output and LOGIN_URL in output
    assert "journalist" in output and "editor2" in output


def test_site_pages_are_filled_but_edits_are_kept():
    """Placeholder site pages get real text; a page someone wrote is left untouched."""
    SitePage.objects.filter(kind="contact").update(body="Écrivez-nous.\n\nMerci.")
    seed()
    assert "\n" in SitePage.objects.get(kind="methodology").body
    assert SitePage.objects.get(kind="methodology").body_html.startswith("<p>")
    assert SitePage.objects.get(kind="contact").body == "Écrivez-nous.\n\nMerci."


def test_running_twice_changes_nothing(output):
    """Running the command again adds no duplicate and keeps the accounts' passwords."""
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    password = get_user_model().objects.get(username="editor").password
    second = seed()
    assert {model.__name__: model.objects.count() for model in COUNTED} == counts
    assert get_user_model().objects.get(username="editor").password == password
    assert "0 new stories" in second


DEMO_DATA = Path(content.__file__).resolve().parent / "data"

NEW_STORY = """---
slug: granville-la-passerelle-du-port-rouvre
title: "Granville : la passerelle du port rouvre après travaux"
work_type: news
region: normandie
tags: [Granville, port]
authors: [camille-le-goff]
status: published
timeline: {created: -3, submitted: -2.5, verified: -2.2, published: -2}
sources:
- {key: mairie, outlet: ports-de-normandie, kind: statement, day: -2, title: Avis aux usagers,
   path: granville/avis-passerelle}
- {key: of, outlet: ouest-france, kind: coverage, day: -2, title: La passerelle rouvre,
   path: ouest-france/granville-passerelle}
quotes:
- {text: "La passerelle est de nouveau ouverte aux piétons.", speaker: Yann Le Bris,
   speaker_role: capitaine du port, day: -2}
---

# Introduction

La passerelle piétonne du port de Granville a rouvert *mardi* après six semaines de travaux.

# Faits vérifiés

- Les travaux ont duré **six semaines**.
"""


@pytest.fixture
def demo_data(tmp_path, monkeypatch):
    """A copy of demo/data that a test may edit, read by seed_demo."""
    copy = tmp_path / "data"
    shutil.copytree(DEMO_DATA, copy)
    monkeypatch.setattr(content, "DATA", copy)
    return copy


def test_a_story_file_becomes_a_story_dated_from_now(demo_data):
    """A contributor adds one Markdown file: the story appears, its days counted from now."""
    (demo_data / "stories" / "granville-la-passerelle-du-port-rouvre.md").write_text(
        NEW_STORY, encoding="utf-8"
    )
    seed()
    story = Article.objects.get(slug="granville-la-passerelle-du-port-rouvre")
    assert story.status == Status.PUBLISHED
    assert abs(story.published_at - (timezone.now() - timedelta(days=2))) < timedelta(minutes=5)
    assert story.introduction == (
        "La passerelle piétonne du port de Granville a rouvert *mardi* "
        "après six semaines de travaux."
    )
    assert "<strong>six semaines</strong>" in story.verified_facts_html
    assert content.DEMO_NOTICE.strip("*") in story.context_html
    assert [s.outlet.slug for s in story.sources.all()] == ["ports-de-normandie", "ouest-france"]
    assert story.sources.first().url == content.DEMO_URL + "granville/avis-passerelle"
    assert story.quotes.get().speaker == "Yann Le Bris"
    assert story.versions.exists()  # published: readers see a frozen version


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text.replace("# Faits vérifiés", "# Faits verifies"), "unknown section"),
        (lambda text: text.replace("region: normandie", "region: [normandie"), "granville"),
        (lambda text: text.replace("slug: granville-", "slug: autre-"), "named after the slug"),
        (lambda text: text.replace("# Introduction\n\nLa passerelle", "La passerelle"), "before"),
    ],
    ids=["section", "yaml", "slug", "no-heading"],
)
def test_a_broken_file_is_named_and_nothing_is_written(demo_data, damage, message):
    """A typo in a data file stops the command with the file's name; the database is untouched."""
    path = demo_data / "stories" / "granville-la-passerelle-du-port-rouvre.md"
    path.write_text(damage(NEW_STORY), encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        seed()
    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()


def test_every_shipped_story_file_is_named_after_its_slug():
    """The data files a newcomer edits all load, one story per file, no duplicate slug."""
    stories = content.stories()
    files = sorted(path.stem for path in (DEMO_DATA / "stories").glob("*.md"))
    assert sorted(story["slug"] for story in stories) == files
    assert len(files) >= 8


def test_every_cited_url_has_our_archive_and_nothing_is_fetched(output, client):
    """Offline: each source and appearance URL of the demo has a capture made from the
    demo's own text, readable at /preuves/<hash>/, and no archiving task waits."""
    from django_tasks_db.models import DBTaskResult

    from factcheck.evidence import latest_captures
    from factcheck.models import ClaimAppearance, Source

    urls = {*Source.objects.exclude(url="").values_list("url", flat=True)}
    urls |= {*ClaimAppearance.objects.values_list("url", flat=True)}
    captures = latest_captures(urls)
    assert urls and set(captures) == urls
    assert not DBTaskResult.objects.exists()
    page = client.get(next(iter(captures.values())).get_absolute_url())
    assert page.status_code == 200
