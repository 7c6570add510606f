"""What a reader sees first of a story's trust signals: corrections and dates at the top,
and the outlet where the story first appeared."""

import pytest
from django.utils import timezone

from articles import record
from articles.models import Correction, Status
from tests.factories import make_article, refreeze
from tests.reader_site import page

pytestmark = pytest.mark.django_db


def test_a_corrected_story_says_so_at_the_top_with_its_date(client):
    """The header carries a dated notice of the latest correction, linking to the box,
    and the publication date and time next to the title."""
    article = make_article(status=Status.PUBLISHED)
    earlier = timezone.now() - timezone.timedelta(minutes=30)
    Correction.objects.create(article=article, text="Horaire inexact.", published_at=earlier)
    latest = Correction.objects.create(
        article=article, kind=Correction.Kind.CLARIFICATION, text="Précision sur le tarif."
    )
    refreeze(article)
    header = page(client, article.get_absolute_url()).find("header", cls="story-header")
    assert header.find("h1").text == article.title
    dates = header.find("p", cls="dates")
    published = dates.find("time").attrs["datetime"]
    assert published == timezone.localtime(article.published_at).isoformat(timespec="seconds")
    notice = header.find("p", cls="correction-notice")
    link = notice.find("a")
    assert link.attrs["href"] == "#corrections"
    assert notice.find("time").attrs["datetime"] == timezone.localtime(
        latest.published_at
    ).isoformat(timespec="seconds")
    assert "précision" in notice.text.lower()
    assert header.find("p", cls="introduction") is not None


def test_the_first_appearance_link_names_the_outlet(client):
    """ "Cet article est paru initialement dans Radio Côtes et Bocage", linked to it."""
    article = make_article(
        status=Status.PUBLISHED,
        original_url="https://radio.example/granville",
        original_outlet="Radio Côtes et Bocage",
    )
    link = page(client, article.get_absolute_url()).find("p", cls="original").find("a")
    assert link.attrs["href"] == "https://radio.example/granville"
    assert link.text == "Cet article est paru initialement dans Radio Côtes et Bocage."
    english = page(client, "/en" + article.get_absolute_url()).find("p", cls="original")
    assert english.text.strip() == "This story first appeared in Radio Côtes et Bocage."


def test_without_an_outlet_the_link_stays_generic_and_the_hash_unchanged(client):
    """A story with only a URL keeps the generic link, and its content (hence the hash it
    was verified with) has no outlet key."""
    article = make_article(status=Status.PUBLISHED, original_url="https://radio.example/a")
    link = page(client, article.get_absolute_url()).find("p", cls="original").find("a")
    assert link.text == "Cet article est paru initialement ici."
    assert "original_outlet" not in record.story_content(article)["article"]
    article.original_outlet = "Radio Côtes et Bocage"
    article.save()
    assert record.story_content(article)["article"]["original_outlet"] == "Radio Côtes et Bocage"
