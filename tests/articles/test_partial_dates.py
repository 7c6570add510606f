"""Dates known to the year or the month: a quote said "in 2025", a claim seen "in March
2025", typed as such, kept as such and shown as such everywhere."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles import record
from articles.models import Quote, Status
from factcheck.models import ClaimAppearance, Rating
from newsroom.partialdates import PartialDate, PartialDateFormField
from tests.admin_forms import change_url, edit_data
from tests.factories import add_claim, add_sources, make_article, refreeze
from tests.html import parse
from tests.reader_site import json_ld, page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2025", "2025"),
        ("03/2025", "2025-03"),
        ("3/2025", "2025-03"),
        ("15/03/2025", "2025-03-15"),
        (" 15 / 03 / 2025 ", "2025-03-15"),
        ("2025-03", "2025-03"),
        ("2025-03-15", "2025-03-15"),
    ],
)
def test_a_date_is_typed_to_the_precision_known(typed, iso):
    """A year, a month and year or a full date, French order or ISO."""
    assert PartialDateFormField(required=False).clean(typed).isoformat() == iso


@pytest.mark.parametrize("typed", ["13/2025", "31/02/2025", "mars 2025", "25", "2025/03/15x"])
def test_a_date_that_is_not_one_is_a_clear_error(typed):
    """Anything else is refused with what to type instead."""
    with pytest.raises(ValidationError) as excinfo:
        PartialDateFormField(required=False).clean(typed)
    assert "03/2025" in str(excinfo.value.messages[0])


def test_the_admin_saves_a_quote_dated_by_its_year_and_refuses_garbage(client, superuser):
    """The story page keeps "2025" as a year (shown back as typed) and explains a bad date."""
    article = make_article()
    Quote.objects.create(article=article, text="Nous tiendrons.", speaker="Anne Martin")
    client.force_login(superuser)
    response = client.post(change_url(article), edit_data(article, **{"quotes-0-said_on": "2025"}))
    assert response.status_code == 302
    quote = Quote.objects.get()
    assert (quote.said_on, quote.said_on.precision) == (PartialDate(2025), "year")
    shown = parse(client.get(change_url(article)).content.decode())
    date_input = shown.find("input", name="quotes-0-said_on")
    # A browser's date picker could not even take "2025": the field is typed text.
    assert date_input.attrs["value"] == "2025" and date_input.attrs.get("type") == "text"
    bad = edit_data(article, **{"quotes-0-said_on": "31/02/2025"})
    response = client.post(change_url(article), bad)
    assert response.status_code == 200
    assert "Saisissez une année (2025)" in response.content.decode()
    assert Quote.objects.get().said_on == PartialDate(2025)


def test_the_admin_saves_an_appearance_dated_by_its_month(client, superuser):
    """A claim seen in March 2025 is stored as that month, not a made-up day."""
    article = make_article()
    add_claim(article, appeared_on=datetime.date(2025, 3, 9))
    client.force_login(superuser)
    claim = article.claims.get()
    from django.urls import reverse

    from tests.admin_forms import form_data

    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    page_context = client.get(url).context
    data = form_data(
        [page_context["adminform"].form]
        + [form for formset in page_context["inline_admin_formsets"] for form in formset.formset]
        + [formset.formset.management_form for formset in page_context["inline_admin_formsets"]]
    )
    data["appearances-0-appeared_on"] = "03/2025"
    assert client.post(url, data).status_code == 302
    assert ClaimAppearance.objects.get().appeared_on == PartialDate(2025, 3)


def partially_dated_story(client):
    article = make_article(status=Status.PUBLISHED, work_type="factcheck")
    Quote.objects.create(
        article=article, text="Nous tiendrons.", speaker="Anne Martin", said_on="2025"
    )
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    add_claim(article, Rating.objects.get(slug="faux"), sources, appeared_on="2025-03")
    return refreeze(article)


def test_readers_see_the_real_precision(client):
    """ "en 2025" and "en mars 2025", with machine-readable reduced ISO dates."""
    article = partially_dated_story(client)
    document = page(client, article.get_absolute_url())
    said = document.find("time", datetime="2025")
    assert said is not None and said.text == "en 2025"
    seen = document.find("time", datetime="2025-03")
    assert seen is not None and seen.text == "en mars 2025"
    english = page(client, "/en" + article.get_absolute_url())
    assert english.find("time", datetime="2025-03").text == "in March 2025"


def test_json_ld_api_and_record_use_reduced_iso_dates(client):
    """ClaimReview's dates, the API and the published record say "2025-03", "2025"."""
    article = partially_dated_story(client)
    review = next(
        item
        for item in json_ld(page(client, article.get_absolute_url()))
        if item["@type"] == "ClaimReview"
    )
    assert review["itemReviewed"]["datePublished"] == "2025-03"
    assert review["itemReviewed"]["firstAppearance"]["datePublished"] == "2025-03"
    body = client.get(f"/api/v1/stories/{article.slug}/").json()
    assert body["quotes"][0]["said_on"] == "2025"
    assert body["claims"][0]["appearances"][0]["appeared_on"] == "2025-03"
    content = article.current_version.content
    assert content["quotes"][0]["said_on"] == "2025"


def test_full_dates_keep_the_record_they_were_hashed_with():
    """A day-precise date reads exactly as before ("2026-06-01"): no version's hash moves."""
    article = make_article(status=Status.PUBLISHED)
    Quote.objects.create(
        article=article,
        text="Nous tiendrons.",
        speaker="Anne Martin",
        said_on=datetime.date(2026, 6, 1),
    )
    refreeze(article)
    version = article.current_version
    assert version.content["quotes"][0]["said_on"] == "2026-06-01"
    assert record.content_hash(version.content) == version.content_hash
    assert record.live_hash(article) == version.content_hash
    assert not [item for item in record.verify_chain() if not isinstance(item, int)]


def test_a_service_cannot_store_a_date_that_is_not_one():
    """Writers outside forms are refused too, never silently given another date."""
    quote = Quote(text="Nous tiendrons.", speaker="Anne Martin")
    with pytest.raises(ValidationError):
        quote.said_on = "2025-02-30"
