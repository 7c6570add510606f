"""A story filed as news that rates claims is suggested as a fact-check: the editor
accepts (through the write path) or chooses otherwise; nothing changes by itself."""

import pytest
from django.urls import reverse

from articles import editing
from articles.models import ArticleEvent, Status
from factcheck.models import Rating
from tests.admin_forms import change_url
from tests.factories import add_claim, add_sources, make_article
from tests.reader_site import json_ld, page

pytestmark = pytest.mark.django_db


def news_with_a_rated_claim(**fields):
    article = make_article(work_type="news", **fields)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    add_claim(article, Rating.objects.get(slug="faux"), sources)
    article.refresh_from_db()
    return article


def test_rated_claims_suggest_a_fact_check_without_changing_the_story():
    """Rating a claim leaves the type of work alone; the service suggests "factcheck"."""
    article = make_article(work_type="news")
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    claim = add_claim(article, None, sources)
    assert editing.suggested_work_type(article) is None
    claim.rating = Rating.objects.get(slug="faux")
    claim.save()
    article.refresh_from_db()
    assert article.work_type == "news"
    assert editing.suggested_work_type(article) == "factcheck"
    article.work_type = "analysis"
    assert editing.suggested_work_type(article) is None


def test_the_story_page_offers_the_suggestion_and_accepting_goes_through_the_write_path(
    client, superuser
):
    """The editor sees why and a button; pressing it files the story as a fact-check, with
    a history entry, and the suggestion is gone."""
    article = news_with_a_rated_claim()
    client.force_login(superuser)
    html = client.get(change_url(article)).content.decode()
    assert "Classer en «\u00a0vérification\u00a0»" in html
    url = reverse("admin:articles_article_work_type", args=[article.pk])
    assert f'action="{url}"' in html
    events = ArticleEvent.objects.filter(article=article).count()
    response = client.post(url, {"work_type": "factcheck", "loaded_version": article.version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.work_type == "factcheck"
    assert ArticleEvent.objects.filter(article=article).count() == events + 1
    assert f'action="{url}"' not in client.get(change_url(article)).content.decode()


def test_a_stale_or_forbidden_acceptance_changes_nothing(client, superuser, journalist):
    """A button from a page opened before another save is refused; a journalist cannot
    refile a published story; a GET does nothing."""
    article = news_with_a_rated_claim()
    client.force_login(superuser)
    url = reverse("admin:articles_article_work_type", args=[article.pk])
    client.post(url, {"work_type": "factcheck", "loaded_version": article.version - 1})
    article.refresh_from_db()
    assert article.work_type == "news"
    assert client.get(url).status_code == 405
    public = news_with_a_rated_claim(status=Status.PUBLISHED, author=journalist)
    client.force_login(journalist)
    url = reverse("admin:articles_article_work_type", args=[public.pk])
    assert client.post(url, {"work_type": "factcheck"}).status_code == 403
    public.refresh_from_db()
    assert public.work_type == "news"


def test_json_ld_follows_the_type_once_accepted(client, journalist, editor, second_editor):
    """Published after acceptance, the story is a NewsArticle with its ClaimReview, not a
    ReportageNewsArticle."""
    article = news_with_a_rated_claim(status=Status.PUBLISHED, author=journalist)
    assert json_ld(page(client, article.get_absolute_url()))[0]["@type"] == ("ReportageNewsArticle")
    from tests.factories import approve_change

    editing.accept_work_type(article=article, user=editor, work_type="factcheck")
    approve_change(article, editor, second_editor, kind="update", note="Classé en vérification.")
    types = [item["@type"] for item in json_ld(page(client, article.get_absolute_url()))]
    assert types[0] == "NewsArticle" and "ClaimReview" in types


def test_rating_a_claim_in_its_admin_page_points_to_the_suggestion(client, superuser):
    """Saving a verdict on a news story's claim tells the editor the story page suggests
    a fact-check; the story itself is unchanged."""
    from tests.admin_forms import form_data

    article = make_article(work_type="news")
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    claim = add_claim(article, None, sources)
    client.force_login(superuser)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    context = client.get(url).context
    formsets = context["inline_admin_formsets"]
    data = form_data(
        [context["adminform"].form]
        + [form for formset in formsets for form in formset.formset]
        + [formset.formset.management_form for formset in formsets]
    )
    data["rating"] = str(Rating.objects.get(slug="faux").pk)
    response = client.post(url, data, follow=True)
    assert "sa page propose de le classer en vérification" in response.content.decode()
    article.refresh_from_db()
    assert article.work_type == "news"
