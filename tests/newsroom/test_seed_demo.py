"""`manage.py seed_demo`: the demo a newcomer sees after `make demo`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleEvent, Author, Correction, Quote, SitePage, Status
from factcheck.models import Claim, ClaimAppearance, Outlet, Source
from newsroom.management.commands.seed_demo import DEMO_PASSWORD, LOGIN_URL
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
        assert client.login(username=username, password=DEMO_PASSWORD), username
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
