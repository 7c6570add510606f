"""The newsroom admin: every page loads, a whole story is entered in one POST."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Article, Correction, Quote, Region
from factcheck.models import Outlet, Rating, Source
from tests.admin_forms import article_post_data
from tests.factories import add_claim, add_sources, make_article

pytestmark = pytest.mark.django_db


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def registered_models():
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label in {"articles", "factcheck", "taggit", "auth"}
    ]


@pytest.fixture
def story(superuser):
    article = make_article(author=None)
    sources = add_sources(article, "Préfecture du Calvados", "Ouest-France")
    add_claim(article, Rating.objects.get(slug="faux"), sources)
    return article


def test_every_changelist_and_add_page_loads(client, superuser, story):
    """A superuser can open the list and the add form of every admin model."""
    client.force_login(superuser)
    for model in registered_models():
        info = model._meta.app_label, model._meta.model_name
        assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200, info
        can_add = admin.site._registry[model].has_add_permission(_request(superuser))
        expected = 200 if can_add else 403
        assert client.get(reverse("admin:%s_%s_add" % info)).status_code == expected, info


def test_every_change_page_loads(client, superuser, story):
    """A superuser can open an existing object of every admin model."""
    client.force_login(superuser)
    for model in registered_models():
        obj = model._default_manager.first()
        if obj is None:
            continue
        info = model._meta.app_label, model._meta.model_name
        url = reverse("admin:%s_%s_change" % info, args=[obj.pk])
        assert client.get(url).status_code == 200, info


def test_changelist_filters_and_search(client, superuser, story):
    """Filtering by status, region, type and searching by title all answer."""
    client.force_login(superuser)
    url = reverse("admin:articles_article_changelist")
    region = story.region
    for query in (
        {"status__exact": "draft"},
        {"region__id__exact": region.pk},
        {"work_type__exact": "news"},
        {"q": "Granville"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        assert story.title in response.content.decode()


def test_whole_story_in_one_post(client, superuser):
    """An article with its quotes, sources, claims and a correction is saved at once."""
    client.force_login(superuser)
    normandie = Region.objects.get(slug="normandie")
    prefecture = Outlet.objects.create(name="Préfecture du Calvados", slug="pref-calvados")
    ouest = Outlet.objects.create(name="Ouest-France", slug="ouest-france")
    faux, vrai = Rating.objects.get(slug="faux"), Rating.objects.get(slug="vrai")
    data = article_post_data(
        fields={"region": normandie.pk},
        quotes=[
            {
                "speaker": "Le préfet",
                "speaker_role": "Préfet du Calvados",
                "text": "La rocade rouvre jeudi à 6 heures.",
                "position": "0",
            },
            {
                "speaker": "La maire",
                "speaker_role": "Maire de Caen",
                "text": "Nous restons vigilants.",
                "position": "1",
            },
        ],
        sources=[
            {
                "outlet_name": prefecture.name,
                "kind": "statement",
                "title": "Communiqué",
                "url": "https://example.org/communique",
                "position": "0",
            },
            {
                "outlet_name": ouest.name,
                "kind": "coverage",
                "title": "La rocade rouvre",
                "url": "https://example.org/of",
                "position": "1",
            },
            {
                "outlet_name": ouest.name,
                "kind": "coverage",
                "title": "Les images de la crue",
                "url": "https://example.org/of2",
                "position": "2",
            },
        ],
        claims=[
            {
                "label": "Un pont de la rocade se serait effondré",
                "statement": "Le pont est tombé.",
                "claimant": "Un compte X",
                "claimant_kind": "social",
                "rating": faux.pk,
                "verdict_explanation": "Aucun pont n'a cédé.",
                "position": "0",
            },
            {
                "label": "La rocade rouvre jeudi",
                "statement": "Réouverture jeudi.",
                "claimant": "Préfecture",
                "claimant_kind": "organisation",
                "rating": vrai.pk,
                "position": "1",
            },
        ],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    article = Article.objects.get(slug="crue-orne-rocade-caen")
    assert article.quotes.count() == 2
    assert article.sources.count() == 3
    assert article.claims.count() == 2
    assert set(article.tags.names()) == {"crue", "Caen"}
    assert article.created_by == superuser
    assert article.verified_facts_html == "<p>La préfecture a confirmé la réouverture.</p>"


def test_failing_inline_saves_nothing(client, superuser):
    """A bad source URL shows an error and neither the article nor its quotes are saved."""
    client.force_login(superuser)
    outlet = Outlet.objects.create(name="Franceinfo", slug="franceinfo")
    data = article_post_data(
        quotes=[{"speaker": "Le préfet", "text": "Prudence.", "position": "0"}],
        sources=[
            {
                "outlet_name": outlet.name,
                "kind": "document",
                "title": "Doc",
                "url": "javascript:alert(1)",
                "position": "0",
            }
        ],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "http://" in response.content.decode()  # the field's message names the schemes
    assert not Article.objects.exists()
    assert not Quote.objects.exists()
    assert not Source.objects.exists()


def test_duplicate_slug_is_a_form_error(client, superuser):
    """Reusing a slug gives a message next to the slug field."""
    client.force_login(superuser)
    make_article(slug="crue-orne-rocade-caen")
    response = client.post(reverse("admin:articles_article_add"), article_post_data())
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"],
)
def test_original_url_must_be_http(client, superuser, url):
    """Only web addresses are accepted as the original-story link."""
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_article_add"), article_post_data(fields={"original_url": url})
    )
    assert response.status_code == 200
    assert "original_url" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_claim_verdict_must_come_from_the_scale(client, superuser, story):
    """A verdict id that is not in the scale is refused on the claim page."""
    client.force_login(superuser)
    claim = story.claims.get()
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    response = client.post(
        url,
        {
            "article": story.pk,
            "label": claim.label,
            "statement": claim.statement,
            "claimant": "",
            "claimant_kind": "unknown",
            "rating": "999999",
            "verdict_explanation": "",
            "analysis": "",
            "position": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "loaded_version": story.version,
        },
    )
    assert response.status_code == 200
    assert "rating" in response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.rating.slug == "faux"


def test_claim_label_is_at_most_75_characters(client, superuser, story):
    """A claim label longer than 75 characters is refused."""
    client.force_login(superuser)
    claim = story.claims.get()
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    response = client.post(
        url,
        {
            "article": story.pk,
            "label": "x" * 76,
            "statement": "s",
            "claimant_kind": "unknown",
            "position": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "loaded_version": story.version,
        },
    )
    assert "label" in response.context["adminform"].form.errors


def test_claim_sources_limited_to_its_article(client, superuser, story):
    """The claim page offers only the article's own sources, and refuses others."""
    client.force_login(superuser)
    claim = story.claims.get()
    other = make_article()
    foreign = add_sources(other, "Insee")[0]
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    page = client.get(url)
    choices = [value for value, _ in page.context["adminform"].form.fields["sources"].choices]
    assert foreign.pk not in [getattr(v, "value", v) for v in choices]
    response = client.post(
        url,
        {
            "article": story.pk,
            "label": claim.label,
            "statement": "s",
            "claimant_kind": "unknown",
            "sources": [foreign.pk],
            "position": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "loaded_version": story.version,
        },
    )
    assert "sources" in response.context["adminform"].form.errors


def test_correction_rows_show_on_the_article(client, superuser, story):
    """Corrections entered on the article are listed back on its change page."""
    Correction.objects.create(article=story, text="Date corrigée.")
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert "Date corrigée." in page.content.decode()
