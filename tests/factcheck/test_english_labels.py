"""Verdict labels, site pages and footer titles have English versions, edited as data."""

import pytest
from django.urls import reverse

from articles.models import SitePage
from factcheck.models import Rating

pytestmark = pytest.mark.django_db


def test_verdict_filter_in_english_on_english_pages(client):
    """/en/verifications/ offers "False" where the French page offers "Faux"."""
    Rating.objects.filter(slug="faux").update(label_en="False")
    assert '<option value="faux">Faux</option>' in client.get("/verifications/").content.decode()
    assert (
        '<option value="faux">False</option>' in client.get("/en/verifications/").content.decode()
    )


def test_untranslated_verdict_keeps_its_french_label(client):
    """A verdict without an English label shows its French one on the English pages."""
    Rating.objects.filter(slug="faux").update(label_en="")
    assert '<option value="faux">Faux</option>' in client.get("/en/verifications/").content.decode()


def test_site_page_and_footer_in_english(client):
    """A site page with an English title and text shows them under /en/, and the footer too."""
    page = SitePage.objects.get(kind=SitePage.Kind.METHODOLOGY)
    page.title_en = "How we check facts"
    page.body_en = "We read the **sources**."
    page.save()
    address = reverse("articles:page_detail", kwargs={"slug": page.slug})
    english = client.get("/en" + address).content.decode()
    assert "<h1>How we check facts</h1>" in english
    assert "<strong>sources</strong>" in english
    assert "How we check facts" in client.get("/en/").content.decode()
    french = client.get(address).content.decode()
    assert f"<h1>{page.title}</h1>" in french
    assert "How we check facts" not in client.get("/").content.decode()


def test_english_versions_are_edited_in_the_admin(client, editor):
    """An editor finds the English label on the verdict's admin page."""
    client.force_login(editor)
    rating = Rating.objects.get(slug="faux")
    page = client.get(reverse("admin:factcheck_rating_change", args=[rating.pk])).content.decode()
    assert 'name="label_en"' in page
    assert 'name="description_en"' in page
