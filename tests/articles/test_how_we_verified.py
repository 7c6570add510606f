""" "How we verified this" on every verified story, generated from the record."""

import pytest
from django.utils import timezone

from articles.models import Author, SitePage, Status
from factcheck.models import Source
from tests.factories import add_sources, make_article, make_user, refreeze
from tests.reader_site import page

pytestmark = pytest.mark.django_db


def verified_story(verifier, **fields):
    article = make_article(
        status=Status.PUBLISHED,
        work_type="factcheck",
        verified_by=verifier,
        verified_at=timezone.now() - timezone.timedelta(hours=2),
        **fields,
    )
    prefecture, _mairie = add_sources(article, "Préfecture de la Manche", "Mairie de Granville")
    Source.objects.filter(pk=prefecture.pk).update(
        archived_url="https://web.archive.org/web/2026/https://example.org/arrete"
    )
    add_sources(article, "Ouest-Littoral", kind=Source.Kind.COVERAGE)
    return refreeze(article)


def test_a_verified_story_says_who_checked_it_when_and_from_what(client, second_editor):
    """Readers see the verifier (their byline, linked), the time, the counts of primary
    sources and outlets, the archive links, the scale, the methodology and the editorial line."""
    Author.objects.create(name="Claire Lemaire", slug="claire-lemaire", user=second_editor)
    article = verified_story(second_editor)
    box = page(client, article.get_absolute_url()).by_id("verification").parent
    text = " ".join(box.text.split())
    assert "Comment nous avons vérifié" in text
    assert box.find("a", href="/auteurs/claire-lemaire/").text == "Claire Lemaire"
    assert box.find("time").attrs["datetime"].startswith(str(article.verified_at.year))
    assert "qui n’a pas écrit l’article" in text
    assert "2 sources primaires" in text
    assert "3 organismes distincts cités" in text
    archive = box.find("a", href="https://web.archive.org/web/2026/https://example.org/arrete")
    assert "Préfecture de la Manche" in archive.text
    methodology = SitePage.objects.get(kind=SitePage.Kind.METHODOLOGY).get_absolute_url()
    assert box.find("a", href=methodology + "#verdict-scale") is not None
    assert page(client, methodology).by_id("verdict-scale") is not None
    editorial_line = SitePage.objects.get(kind=SitePage.Kind.EDITORIAL_LINE)
    assert "Notre rédaction est indépendante" in text
    assert box.find("a", href=editorial_line.get_absolute_url()) is not None
    english = page(client, "/en" + article.get_absolute_url()).by_id("verification").parent
    assert "How we verified this" in english.text
    assert "2 primary sources" in " ".join(english.text.split())


def test_the_verifier_is_never_named_by_their_login(client):
    """An editor without a byline or full name is "an editor", never their username."""
    anonymous_editor = make_user("zz-login-42")
    article = verified_story(anonymous_editor)
    box = page(client, article.get_absolute_url()).by_id("verification").parent
    assert "zz-login-42" not in box.text
    assert "par un éditeur qui n’a pas écrit l’article" in " ".join(box.text.split())


def test_an_unverified_story_claims_no_verification(client):
    """A story published without the workflow's verification shows no such box."""
    article = make_article(status=Status.PUBLISHED)
    assert page(client, article.get_absolute_url()).by_id("verification") is None


def test_the_box_is_frozen_with_the_version(client, editor):
    """Rewording the editorial line later changes no published story until republished."""
    article = verified_story(editor)
    SitePage.objects.filter(kind=SitePage.Kind.EDITORIAL_LINE).update(
        body_html="<p>Nouvelle ligne.</p>"
    )
    text = page(client, article.get_absolute_url()).by_id("verification").parent.text
    assert "Notre rédaction est indépendante" in text
    assert "Nouvelle ligne." not in text
