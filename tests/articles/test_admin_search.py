"""Admin and public search fold accents, case and both apostrophes, on both databases."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Region, Status
from newsroom.adminlist import FoldedSearchMixin
from newsroom.folding import fold
from tests.factories import add_claim, make_article
from tests.html import listed_stories
from tests.reader_site import DEMO_STORY, seed_demo

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def admin_results(client, query, url=CHANGELIST):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return sorted(str(obj) for obj in response.context["cl"].result_list)


@pytest.fixture(params=["rare", "common"])
def word_kind(request, monkeypatch):
    """Each search runs both ways the admin may take: a list of ids for a rare word,
    a condition for a common one (a word matching more than RARE rows)."""
    if request.param == "common":
        monkeypatch.setattr(FoldedSearchMixin, "RARE", 0)
    return request.param


@pytest.fixture
def stories(journalist, ratings, word_kind):
    velo = make_article(title="Le vélo électrique gagne les routes de l’Orne", slug="velo")
    velo.tags.add("Mobilité douce")
    ecole = make_article(
        title="L'École numérique de Caen accueille 300 étudiants",
        slug="ecole",
        introduction="Les œuvres des élèves exposées à l’hôtel de ville.",
    )
    claim_story = make_article(title="Une rumeur sur la rocade", slug="rumeur")
    add_claim(claim_story, ratings["faux"], label="Le préfet aurait interdit les vélos")
    return {"velo": velo, "ecole": ecole, "rumeur": claim_story}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("velo", ["Le vélo électrique gagne les routes de l’Orne", "Une rumeur sur la rocade"]),
        ("VÉLO électrique", ["Le vélo électrique gagne les routes de l’Orne"]),
        ("l'orne", ["Le vélo électrique gagne les routes de l’Orne"]),
        ("l’ecole", ["L'École numérique de Caen accueille 300 étudiants"]),
        ("numerique etudiants", ["L'École numérique de Caen accueille 300 étudiants"]),
        ("oeuvres hotel", ["L'École numérique de Caen accueille 300 étudiants"]),
        ("mobilite", ["Le vélo électrique gagne les routes de l’Orne"]),
        ("prefet", ["Une rumeur sur la rocade"]),
        ('"routes de l orne"', []),
        ("zzz", []),
    ],
)
def test_the_article_list_search_folds_accents_case_and_apostrophes(
    client, editor, stories, query, found
):
    """An editor finds "Le vélo électrique…" by typing "velo", and a story by a word of its
    introduction, one of its tags or a claim's label, with or without accents."""
    client.force_login(editor)
    assert admin_results(client, query) == found


def test_a_story_with_two_matching_tags_is_listed_once(client, editor, stories):
    """Searching a word that is in two tags of one story lists the story once."""
    stories["velo"].tags.add("Vélo")
    client.force_login(editor)
    assert admin_results(client, "velo").count("Le vélo électrique gagne les routes de l’Orne") == 1


def test_every_admin_search_folds_accents():
    """Every admin list of ours with a search box searches accent-folded."""
    for model, model_admin in admin.site._registry.items():
        ours = model._meta.app_label in ("articles", "factcheck", "taggit")
        if ours and model_admin.search_fields:
            assert isinstance(model_admin, FoldedSearchMixin), model


def test_autocompletes_fold_accents(client, editor, normandie):
    """Typing "ile de" in the region box of a story offers Île-de-France."""
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "ile de",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "region",
        },
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Île-de-France"]


def test_other_admin_lists_fold_accents(client, editor, stories):
    """Claims, regions and tags are found without accents too."""
    client.force_login(editor)
    assert admin_results(client, "prefet", reverse("admin:factcheck_claim_changelist")) == [
        "Le préfet aurait interdit les vélos"
    ]
    assert "Île-de-France" in admin_results(
        client, "ile-de", reverse("admin:articles_region_changelist")
    )
    assert admin_results(client, "mobilite", reverse("admin:taggit_tag_changelist")) == [
        "Mobilité douce"
    ]


def test_admin_search_queries_do_not_grow(client, editor, stories, django_assert_max_num_queries):
    """The searched article list costs a fixed number of queries, not one per match."""
    for number in range(20):
        make_article(title=f"Vélo-école numéro {number}").tags.add("vélo", "école")
    client.force_login(editor)
    with django_assert_max_num_queries(16):
        assert len(admin_results(client, "velo ecole")) == 20


def test_fold_matches_what_the_database_does():
    """The Python fold and the SQL function agree on French text (both databases)."""
    from django.db import connection

    samples = ["Île-de-France", "L’ÉCOLE d'été", "Œuvre", "Ærø", "straße", "Noël à Périers"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT newsroom_fold(%s)", [sample])
            assert cursor.fetchone()[0] == fold(sample), sample


# --- public search -------------------------------------------------------------------


@pytest.mark.parametrize("query", ["numerique", "etudiants", "NUMÉRIQUE", "l’ecole", "ecole"])
def test_public_search_folds_accents(client, stories, query):
    """A reader who types without accents (or with a curly apostrophe) finds the story."""
    for story in stories.values():
        story.status, story.published_at = Status.PUBLISHED, story.created_at
        story.save()
    response = client.get("/recherche/", {"q": query})
    assert listed_stories(response.content.decode()) == ["/articles/ecole/"]


SECHERESSE = "haute-garonne-secheresse-ce-que-l-arrete-interdit"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("peripherique", DEMO_STORY),
        ("Periphérique nord", DEMO_STORY),
        ("l’arrete interdit", SECHERESSE),
        ("secheresse haute-garonne", SECHERESSE),
    ],
)
def test_public_search_finds_demo_stories_without_accents(client, settings, query, slug):
    """In the demo, searching without accents or with the other apostrophe finds the story,
    on both databases."""
    seed_demo(settings)
    response = client.get("/recherche/", {"q": query})
    assert f"/articles/{slug}/" in listed_stories(response.content.decode())


def test_regions_are_seeded_with_accents(db):
    """Sanity: the seeded region the autocomplete test looks for is spelled with its accent."""
    assert Region.objects.filter(name="Île-de-France").exists()
