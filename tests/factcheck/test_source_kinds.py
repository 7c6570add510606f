"""Source kinds that fit fact-checking: the original report a story follows, primary
sources, independent corroborating coverage, on every path that reads them."""

import pytest
from django.utils import timezone, translation

from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from factcheck.models import Rating, Source
from tests.admin_forms import change_url, edit_data
from tests.factories import add_claim, add_sources, make_article, refreeze
from tests.reader_site import json_ld, page

pytestmark = pytest.mark.django_db


def problems_of(article, user):
    with translation.override("en"), pytest.raises(TransitionError) as excinfo:
        apply_transition(article=article, user=user, name="verify")
    return excinfo.value.problems


def followed_story(status=Status.PUBLISHED, **fields):
    """A fact-check that follows a local paper's report, checked against the prefecture's
    decree and a radio's independent report."""
    article = make_article(status=status, work_type="factcheck", **fields)
    (report,) = add_sources(article, "Le Courrier du Bocage", kind=Source.Kind.ORIGINAL)
    (decree,) = add_sources(article, "Préfecture de la Manche", kind=Source.Kind.STATEMENT)
    (radio,) = add_sources(article, "Radio Cotentin", kind=Source.Kind.COVERAGE)
    add_claim(article, Rating.objects.get(slug="faux"), [report, decree, radio])
    return refreeze(article)


def test_existing_kinds_keep_their_meaning():
    """Stored kinds are unchanged: four primary kinds and coverage, plus the new original."""
    assert set(Source.Kind.values) == {
        "original",
        "document",
        "data",
        "statement",
        "interview",
        "coverage",
    }
    assert set(Source.PRIMARY_KINDS) == {"document", "data", "statement", "interview"}


def test_the_original_report_is_neither_primary_nor_a_corroborating_outlet(
    second_editor, journalist
):
    """Verification refuses a story whose only other outlet is the report it follows."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    (report,) = add_sources(article, "Le Courrier du Bocage", kind=Source.Kind.ORIGINAL)
    (decree,) = add_sources(article, "Préfecture de la Manche", kind=Source.Kind.STATEMENT)
    add_claim(article, Rating.objects.get(slug="faux"), [report, decree], label="Le bac fermé")
    assert problems_of(article, second_editor) == [
        "The story cites 1 outlet; 2 are required.",
        "Claim “Le bac fermé” has 1 corroborating outlet; 2 are required.",
    ]
    article.sources.filter(pk=decree.pk).update(kind=Source.Kind.COVERAGE)
    assert problems_of(article, second_editor)[0] == (
        "The story needs at least one primary source (document, data, official statement "
        "or interview)."
    )


def test_independent_coverage_with_a_primary_source_passes(second_editor, journalist):
    """A primary source and independent coverage from a second outlet are enough."""
    article = followed_story(status=Status.SUBMITTED, author=journalist)
    apply_transition(article=article, user=second_editor, name="verify")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED


def test_how_we_verified_names_the_report_followed_and_the_coverage(client, second_editor):
    """Readers see which report the story follows and how many independent ones back it."""
    article = followed_story(
        verified_by=second_editor, verified_at=timezone.now() - timezone.timedelta(hours=2)
    )
    box = page(client, article.get_absolute_url()).by_id("verification").parent
    text = " ".join(box.text.split())
    assert "Ce sujet fait suite à : Le Courrier du Bocage" in text
    assert "1 article indépendant qui le corrobore" in text
    assert "2 organismes distincts cités" in text
    assert box.find("a", href="https://example.org/le-courrier-du-bocage") is not None


def test_json_ld_cites_sources_and_is_based_on_the_original_report(client):
    """The NewsArticle lists primary and independent sources as citation, the original
    report as isBasedOn."""
    article = followed_story(original_url="https://example.org/first-here")
    news = json_ld(page(client, article.get_absolute_url()))[0]
    assert [work["publisher"]["name"] for work in news["citation"]] == [
        "Préfecture de la Manche",
        "Radio Cotentin",
    ]
    assert news["isBasedOn"][0] == "https://example.org/first-here"
    assert news["isBasedOn"][1]["url"] == "https://example.org/le-courrier-du-bocage"


def test_the_api_says_what_each_source_counts_for(client):
    """API clients get the kind and whether it is primary or corroborating."""
    article = followed_story()
    sources = client.get(f"/api/v1/stories/{article.slug}/").json()["sources"]
    assert [(s["kind"], s["primary"], s["corroborates"]) for s in sources] == [
        ("original", False, False),
        ("statement", True, True),
        ("coverage", False, True),
    ]


def test_the_admin_files_a_source_as_the_original_report(client, superuser):
    """The story page's source rows offer the original report and save it."""
    article = make_article()
    add_sources(article, "Le Courrier du Bocage")
    client.force_login(superuser)
    form = client.get(change_url(article)).content.decode()
    assert 'value="original"' in form
    data = edit_data(article, **{"sources-0-kind": "original"})
    assert client.post(change_url(article), data).status_code == 302
    assert article.sources.get().kind == Source.Kind.ORIGINAL
