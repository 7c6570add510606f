"""The English interface of a French story does not pretend to be an English page."""

import re

import pytest

from articles import workflow
from tests.factories import story

pytestmark = pytest.mark.django_db


def published(journalist, editor, second_editor):
    article = story(journalist)
    workflow.apply_transition(article=article, user=journalist, name="submit")
    workflow.apply_transition(article=article, user=second_editor, name="verify")
    workflow.apply_transition(article=article, user=editor, name="publish")
    article.refresh_from_db()
    return article


def test_english_interface_is_canonical_to_the_french_story(
    client, settings, journalist, editor, second_editor
):
    """/en/articles/<slug>/ names the French address as canonical, claims no English version,
    and leaves the ClaimReviews to the French page (no second copy)."""
    article = published(journalist, editor, second_editor)
    address = article.get_absolute_url()
    french = client.get(address).content.decode()
    english = client.get("/en" + address).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', english).group(1)
    assert canonical == settings.SITE_URL + address
    assert not re.search(r'<link[^>]+hreflang="en"', english)
    assert french.count('"ClaimReview"') == 1
    assert english.count('"ClaimReview"') == 0  # no second copy for aggregators
