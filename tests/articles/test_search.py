"""Search at /recherche/: finds public stories, survives any query, French-aware on PostgreSQL."""

import pytest
from django.db import connection

from articles.models import Status
from articles.search import search_articles
from tests.factories import make_article
from tests.html import listed_stories
from tests.reader_site import body, build_world, page

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming, accents and the GIN index need PostgreSQL",
)


def results(client, query, **more):
    """The slugs of the stories the search for `query` shows, in order."""
    response = client.get("/recherche/", {"q": query, **more})
    assert response.status_code == 200
    return [path.rstrip("/").rsplit("/", 1)[-1] for path in listed_stories(body(response))]


def test_finds_a_story_by_a_word_of_its_title(client, db):
    """A reader who types a word of a title finds the story."""
    make_article(title="Le marché couvert de Lisieux rouvre", slug="lisieux", status="published")
    make_article(title="Un autre sujet", slug="autre", status="published")
    assert results(client, "Lisieux") == ["lisieux"]
    assert results(client, "lisieux marché") == ["lisieux"]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 5000, "<>&\"'%_*()", "%", "_", "' OR 1=1 --", "\x00\x01", "a" * 201],
)
def test_odd_queries_give_a_normal_page(client, db, query):
    """Empty, very long or symbol-only queries answer with the search page, not an error."""
    make_article(title="Le marché couvert de Lisieux rouvre", status="published")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    document = page(client, "/recherche/?" + response.request["QUERY_STRING"])
    assert len(document.find_all("h1")) == 1
    for field in document.find_all("input", name="q"):  # the page's form and the site's
        assert len(field.attrs["value"]) <= 200


def test_symbols_are_not_wildcards(client, db):
    """A "%" or "_" in the query matches those characters, not every story."""
    make_article(title="Le marché couvert de Lisieux rouvre", status="published")
    assert results(client, "%") == []
    assert results(client, "_ _") == []


def test_query_is_shown_escaped(client, db):
    """What the reader typed comes back in the page as text, never as markup."""
    response = client.get("/recherche/", {"q": '<img src=x onerror="alert(1)">'})
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x" in response.content


def test_only_public_stories_are_found(client, db):
    """Drafts, scheduled and withdrawn stories never show in search results."""
    world = build_world()
    assert results(client, "cachée") == []
    assert results(client, "Affirmation") == []
    assert results(client, "bassin") == [world.public.slug]


def test_results_paginate(client, db):
    """Many results are split into pages of 20."""
    for number in range(23):
        make_article(title=f"Plage de Granville, épisode {number}", status="published")
    response = client.get("/recherche/", {"q": "Granville"})
    assert len(results(client, "Granville")) == 20
    assert len(results(client, "Granville", page=2)) == 3
    assert 'href="?q=Granville&amp;page=2"' in body(response)


@postgres_only
def test_accents_do_not_matter(client, db):
    """ "regionales" finds "régionales", and "elections" finds "Élections"."""
    make_article(title="Les élections régionales approchent", slug="regionales", status="published")
    assert results(client, "regionales") == ["regionales"]
    assert results(client, "ELECTIONS") == ["regionales"]


@postgres_only
def test_french_stemming(client, db):
    """ "travailleur" finds "travailleurs", and a plural finds the singular."""
    make_article(
        title="Les travailleurs saisonniers du port",
        slug="travailleurs",
        status="published",
        introduction="Une enquête.",
    )
    assert results(client, "travailleur") == ["travailleurs"]
    assert results(client, "saisonnier") == ["travailleurs"]


@postgres_only
def test_title_match_ranks_above_body_match(client, db):
    """A story with the word in its title comes before one that only mentions it in the body."""
    make_article(
        title="Le conseil municipal vote le budget",
        slug="body-only",
        status="published",
        introduction="Séance ordinaire.",
        verified_facts="La question de la digue a été évoquée en fin de séance.",
    )
    make_article(
        title="La digue de Granville sera renforcée",
        slug="in-title",
        status="published",
        introduction="Les travaux commencent.",
        verified_facts="Rien d'autre.",
    )
    assert results(client, "digue") == ["in-title", "body-only"]


@postgres_only
def test_snippets_highlight_and_escape(client, db):
    """Snippets mark the matched words with <mark> and show "<" and "&" from the story as text."""
    make_article(
        title="Inondations",
        slug="snippet",
        status="published",
        introduction="Tarif < 5 euros & gratuit pour les <i pompiers <script>alert(1)</script>.",
        verified_facts="Les **pompiers** sont intervenus.",
    )
    html = body(client.get("/recherche/", {"q": "pompier"}))
    assert "<mark>pompiers</mark>" in html
    assert "Tarif &lt; 5 euros &amp; gratuit pour les &lt;i <mark>pompiers</mark>" in html
    assert "<script>alert" not in html
    assert "**" not in html


@postgres_only
def test_search_uses_the_gin_index(db):
    """The full-text query is answered from the GIN index `article_search_gin`."""
    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Conseil municipal, séance {number}",
            slug=f"seance-{number}",
            status=Status.PUBLISHED,
            published_at=now - timezone.timedelta(hours=number + 1),
            introduction="Compte rendu de la séance.",
        )
        for number in range(300)
    )
    make_article(title="La digue sera renforcée", status="published")
    with connection.cursor() as cursor:
        # What autovacuum does in production: merge the GIN index's pending list, gather stats.
        cursor.execute("SELECT gin_clean_pending_list('article_search_gin')")
        cursor.execute("ANALYZE articles_article")
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = search_articles("digue").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "article_search_gin" in plan, plan


@postgres_only
def test_search_vector_follows_edits(client, db):
    """A corrected title is found by its new words at once (the trigger keeps the vector)."""
    article = make_article(title="Ancien titre", slug="edited", status="published")
    article.title = "Nouveau titre sur la marée"
    article.save()
    assert results(client, "marée") == ["edited"]
    assert results(client, "ancien") == []


def test_unpublished_words_do_not_leak_through_counts(client, db):
    """The result count is the number of public matches only."""
    make_article(title="Granville plage", status="published")
    make_article(title="Granville plage brouillon", status=Status.DRAFT)
    assert len(results(client, "Granville")) == 1


@pytest.mark.parametrize(
    ("prefix", "nothing", "type_a_word"),
    [
        ("", "Aucun article ne correspond à «\u00a0secret\u00a0».", "Saisissez au moins un mot"),
        ("/en", "No story matches “secret”.", "Type at least one word"),
    ],
)
def test_a_search_without_results_says_nothing_matched(client, db, prefix, nothing, type_a_word):
    """A query that finds nothing says so, in French and in English; not "type a word"."""
    make_article(title="Le marché couvert de Lisieux rouvre", status="published")
    html = body(client.get(f"{prefix}/recherche/", {"q": "secret"}))
    assert nothing in html
    assert type_a_word not in html
    empty = body(client.get(f"{prefix}/recherche/", {"q": "  "}))
    assert type_a_word in empty
    assert "secret" not in empty
    first_visit = body(client.get(f"{prefix}/recherche/"))
    assert type_a_word not in first_visit


@postgres_only
def test_excerpts_come_from_the_published_text(client, db):
    """A public story's introduction being rewritten in the newsroom shows in no search
    excerpt until the change is published."""
    from articles.models import Article

    story = make_article(
        title="La digue de Granville renforcée",
        introduction="Les travaux de la digue de Granville commencent lundi.",
        status="published",
    )
    Article.objects.filter(pk=story.pk).update(
        introduction="Version non relue : la digue de Granville cédera cet hiver."
    )
    text = body(client.get("/recherche/", {"q": "digue Granville"}))
    assert "commencent lundi" in text
    assert "non relue" not in text


@postgres_only
@pytest.mark.parametrize(
    "query", ["Lisieux", "marché couvert", '"le port" -digue', "x' OR 1=1 --", "<b>halle</b>"]
)
def test_the_compiled_first_page_is_the_orms(rf, db, query):
    """The first page of a search is compiled once per connection (articles/search.py):
    the same stories, order and excerpts as the ORM's query for the same words."""
    from articles.search import search_page
    from newsroom.pagination import list_page

    for n in range(23):
        make_article(
            title=f"Lisieux : le marché couvert et le port rouvrent ({n})",
            introduction="La halle du marché couvert de Lisieux <b>rouvre</b> après travaux.",
            status="published",
        )
    request = rf.get("/recherche/", {"q": query})
    compiled = search_page(request, query)
    reference = list_page(request, search_articles(query))
    assert [s.pk for s in compiled.object_list] == [s.pk for s in reference.object_list]
    assert [s.snippet for s in compiled.object_list] == [s.snippet for s in reference.object_list]
    assert [s.card.title for s in compiled.object_list] == [
        s.card.title for s in reference.object_list
    ]
    assert compiled.has_next == reference.has_next


def test_pages_of_equal_results_show_each_story_once(client, db):
    """Stories the search ranks the same, published at the same instant (a batch
    scheduled for 6:00), are split between pages without repeating or skipping one."""
    from django.utils import timezone

    when = timezone.now().replace(microsecond=0) - timezone.timedelta(hours=1)
    made = {
        make_article(
            title="Marché de Coutances, horaires d'été",
            introduction="Le marché de Coutances change d'horaires.",
            status="published",
            published_at=when,
        ).slug
        for _number in range(27)
    }
    shown = results(client, "Coutances") + results(client, "Coutances", page=2)
    assert len(shown) == 27
    assert set(shown) == made


@postgres_only
def test_a_result_whose_version_is_not_found_is_left_out_of_the_compiled_page(rf, db, monkeypatch):
    """The compiled first page reads the versions it does not hold in a second
    query (articles/listing.py): a story that query leaves out is not shown, and
    the others keep their own excerpts."""
    from articles import listing
    from articles.search import search_page

    made = [
        make_article(
            title=f"Vire : la piscine rouvre ({n})",
            introduction=f"La piscine de Vire rouvre, bassin {n}.",
            status="published",
        )
        for n in range(3)
    ]
    stories = listing.stories
    monkeypatch.setattr(listing, "stories", lambda rows: stories(rows)[1:])
    shown = search_page(rf.get("/recherche/", {"q": "piscine"}), "piscine").object_list
    assert len(shown) == 2
    assert {story.pk for story in shown} < {story.pk for story in made}
    for story in shown:
        number = story.card.title[-2]
        assert f"bassin {number}" in story.snippet
