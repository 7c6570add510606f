"""The story editor's source and claim rows: outlets typed by name, claims picking the
page's sources before any save, rows ordered by their place, checks from the guards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, Author, Status
from factcheck import services
from factcheck.models import Outlet, Source
from tests.admin_forms import article_post_data, change_url, edit_data
from tests.factories import add_sources, make_article, story

pytestmark = pytest.mark.django_db


def test_outlet_for_finds_the_outlet_whatever_its_accents_or_case():
    """“INSEE”, “Insee” and “Inséé” name one outlet: typing it again creates no twin."""
    insee = Outlet.objects.create(name="Insee", slug="insee", kind=Outlet.Kind.STATISTICS)
    assert services.outlet_for(name="INSEE") == insee
    assert services.outlet_for(name="  inséé ") == insee
    assert Outlet.objects.count() == 1


def test_outlet_for_creates_an_outlet_with_the_cited_pages_homepage():
    """A newly cited outlet gets a free slug, its homepage from the URL, and a kind guess."""
    Outlet.objects.create(name="Autre", slug="prefecture-de-l-oise")
    created = services.outlet_for(
        name="Préfecture de l’Oise", url="https://www.oise.gouv.fr/Actualites/arrete-123"
    )
    assert created.slug == "prefecture-de-l-oise-2"  # the apostrophe separates words
    assert created.homepage == "https://www.oise.gouv.fr/"
    assert created.kind == Outlet.Kind.GOVERNMENT
    press = services.outlet_for(name="Le Courrier picard", url="javascript:alert(1)")
    assert press.homepage == "" and press.kind == Outlet.Kind.PRESS


def story_rows(insee_name="Insee"):
    """Two typed sources (one from an outlet never cited) and a claim citing both rows."""
    return {
        "sources": [
            {
                "outlet_name": "Gazette de l'Orne",
                "kind": "coverage",
                "title": "La rocade rouvre",
                "url": "https://www.gazette-orne.example/rocade",
                "position": "1",
            },
            {
                "outlet_name": insee_name,
                "kind": "data",
                "title": "Trafic routier 2024",
                "url": "https://www.insee.fr/fr/statistiques/1",
                "position": "0",
            },
        ],
        "claims": [
            {
                "label": "La rocade resterait fermée un mois",
                "statement": "Fermée jusqu'en mars.",
                "claimant_kind": "social",
                "source_refs": ["row-0", "row-1"],
                "position": "0",
            }
        ],
    }


def test_a_new_story_files_sources_new_outlets_and_claims_on_one_page(client, superuser):
    """On the add page, a never-cited outlet is created from its name (no pop-up), and the
    claim cites the sources typed on the same page before any save."""
    insee = Outlet.objects.create(name="Insee", slug="insee", kind=Outlet.Kind.STATISTICS)
    client.force_login(superuser)
    data = article_post_data(**story_rows(insee_name="INSEE"))
    response = client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert response.status_code == 200
    article = Article.objects.get(slug="crue-orne-rocade-caen")
    gazette = Outlet.objects.get(name="Gazette de l'Orne")
    assert gazette.homepage == "https://www.gazette-orne.example/"
    assert "Gazette de l&#x27;Orne" in response.content.decode()  # told it was created
    assert Outlet.objects.count() == 2  # INSEE was found, not created again
    # Rows are in the order given on the page, not the order typed.
    assert list(article.sources.values_list("outlet", flat=True)) == [insee.pk, gazette.pk]
    claim = article.claims.get()
    assert set(claim.sources.values_list("outlet", flat=True)) == {insee.pk, gazette.pk}


def test_a_claim_cannot_pick_another_storys_source(client, journalist):
    """A claim row offered a source id of another story gets an error; nothing is saved."""
    article = story(journalist)
    other = make_article(author=journalist)
    (foreign,) = add_sources(other, "Média lointain")
    client.force_login(journalist)
    data = edit_data(article, **{"claims-0-source_refs": [str(foreign.pk)]})
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert foreign not in article.claims.get().sources.all()


def test_the_story_page_shows_what_is_missing_from_the_workflow_guards(client, journalist):
    """A draft without sources lists, in its side panel, what submission and verification
    still need, in the workflow's own words; the list follows each save."""
    from articles import workflow

    author = Author.objects.get(user=journalist)
    article = make_article(author=author)
    client.force_login(journalist)
    page = client.get(change_url(article)).content.decode()
    for problem in workflow.missing_for_submission(article):
        assert str(problem).replace("'", "&#x27;") in page
    assert 'id="checks-title"' in page
    story_page = client.get(change_url(story(journalist))).content.decode()
    assert story_page.count('class="ready"') == 2  # nothing missing, before either step


def test_the_add_page_says_when_the_checks_appear(client, journalist):
    """A story not saved yet explains that the checks come with the first save."""
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="checks-title"' in page
    assert 'class="story-side"' in page
    assert 'list="outlet-names"' in page  # the outlet is typed, with suggestions


def test_help_texts_are_shown_as_text(client, journalist):
    """The slug's help text reads whole (it used to show “/articles//.”, a swallowed tag)."""
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "/articles//" not in page


def test_rows_take_the_order_of_the_page(client, journalist):
    """Moving a source row (its hidden position) reorders the story's sources."""
    article = story(journalist)
    first, second = article.sources.order_by("position", "id")
    client.force_login(journalist)
    data = edit_data(article)
    for index in range(2):
        pk = data[f"sources-{index}-id"]
        data[f"sources-{index}-position"] = "0" if pk == str(second.pk) else "1"
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    assert list(article.sources.order_by("position", "id")) == [second, first]


def test_an_untouched_page_changes_nothing(client, journalist):
    """Saving the story page as it was shown records no change (outlet names included)."""
    article = story(journalist)
    client.force_login(journalist)
    version = Article.objects.get(pk=article.pk).version
    response = client.post(change_url(article), edit_data(article))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).version == version
    assert Source.objects.filter(article=article).count() == 2


def checks_url(article=None):
    if article is None:
        return reverse("admin:articles_article_checks")
    return reverse("admin:articles_article_checks", args=[article.pk])


def test_the_checks_follow_the_unsaved_page_and_write_nothing(client, journalist):
    """As the journalist types, the panel's list follows the page (a removed introduction
    is missing), while the story, its history and its version stay as saved."""
    article = story(journalist)
    client.force_login(journalist)
    version, events = article.version, article.events.count()
    answer = client.post(checks_url(article), edit_data(article, introduction="")).json()
    assert answer["invalid"] is False
    before_submission = answer["checks"][0]["problems"]
    assert any("introduction" in problem or "chapô" in problem for problem in before_submission)
    article.refresh_from_db()
    assert article.introduction and article.version == version
    assert article.events.count() == events


def test_the_checks_of_a_new_story_create_nothing(client, journalist):
    """On the add page, the list is computed from the typed story; no story is created."""
    client.force_login(journalist)
    data = article_post_data(**story_rows())
    answer = client.post(checks_url(), data).json()
    assert answer["checks"][0]["title"]
    assert not Article.objects.exists()
    assert not Outlet.objects.filter(name="Gazette de l'Orne").exists()


def test_the_checks_are_for_those_who_may_edit(client, journalist, other_journalist):
    """Another journalist's story, or a GET, gets no checks."""
    article = story(other_journalist)
    client.force_login(journalist)
    assert client.post(checks_url(article), edit_data(article)).status_code == 403
    assert client.get(checks_url(article)).status_code == 405


def test_a_story_the_journalist_may_only_read_shows_what_is_stored(client, journalist):
    """On a submitted story its author can no longer change, the rows read as stored: the
    outlet and the claim's sources by name, no typing aids and no hidden field's innards."""
    article = story(journalist, status=Status.SUBMITTED)
    client.force_login(journalist)
    response = client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is_hidden" not in html and "outlet_name" not in html and "source_refs" not in html
    assert "Préfecture de la Manche" in html and "Ouest-France" in html
    assert 'name="sources-0-title"' not in html  # read-only: no inputs
