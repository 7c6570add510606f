"""The similar-claim finder: normalised words, the engine on this database, the labelled
evaluation set, and the claim editor's panel and endpoint."""

import pytest
from django.urls import reverse

from bench.eval_matching import add_labelled_claims, evaluate, load_pairs, summary
from factcheck.matching import similar_claims
from factcheck.models import Claim
from factcheck.normalise import match_text, match_tokens
from tests.factories import add_claim, make_article
from tests.reader_site import body

pytestmark = pytest.mark.django_db


# --- normalised words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("trois mille emplois", "3 000 emplois"),
        ("quatre-vingt-quinze pour cent", "95 %"),
        ("2,5 millions d'euros", "2 500 000 €"),
        ("vingt et un ans", "21 ans"),
        ("mille deux cents postes", "1200 postes"),
        ("L’école fermée", "l'ecole FERMEE"),
        ("les ponts fermés", "le pont ferme"),
        ("three hundred days", "300 days"),
    ],
)
def test_the_same_words_written_differently_meet(one, other):
    """Numbers in words or digits, elisions, curly apostrophes, accents and plurals meet."""
    assert match_tokens(one) == match_tokens(other)


def test_articles_are_not_numbers():
    """ "Un pont" is a bridge, not one bridge counted: the article goes, no "1" appears."""
    assert match_tokens("Un pont fermé") == ["pont", "ferm"]
    assert match_tokens("un million de litres") == ["1000000", "litr"]


@pytest.mark.parametrize("text", ["", "   ", "le la les de", "!!!", None, "\x00\x1f"])
def test_wordless_text_has_no_tokens(text):
    assert match_tokens(text) == []


def test_saving_a_claim_stores_its_match_text(normandie):
    """The label and statement are stored normalised, and kept so on every save."""
    article = make_article()
    claim = add_claim(article, label="Trois mille emplois supprimés")
    claim.refresh_from_db()
    assert claim.match_text == match_text(claim.label, claim.statement)
    claim.label = "Quinze radars sur l'A13"
    claim.save(update_fields=["label"])
    claim.refresh_from_db()
    assert "15" in claim.match_text.split()


# --- the engine ----------------------------------------------------------------------


@pytest.fixture
def checked(normandie):
    """A few claims the newsroom has entered, on one story."""
    article = make_article()
    rows = [
        ("Emplois à l'usine de Dieppe", "L'usine de Dieppe va supprimer 1 200 emplois."),
        ("Pont de la Fonderie", "Le pont de la Fonderie à Caen sera fermé deux ans."),
        ("Taxe foncière à Rouen", "La taxe foncière augmente de 25 % à Rouen."),
        ("Normandy Bridge closure", "The Normandy Bridge will close for six months."),
    ]
    return {
        label: Claim.objects.create(article=article, label=label, statement=statement)
        for label, statement in rows
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("usine Dieppe : mille deux cents postes supprimés", "Emplois à l'usine de Dieppe"),
        ("le pont de la fonderie ferme pendant 2 ans ?", "Pont de la Fonderie"),
        ("Rouen, taxe fonciere +25%", "Taxe foncière à Rouen"),
        ("the normandy bridge is closing for 6 months", "Normandy Bridge closure"),
    ],
)
def test_a_paraphrase_finds_the_claim_first(checked, query, expected):
    """A journalist's or reader's own words find the claim already entered, first."""
    found = similar_claims(query)
    assert found and found[0].claim == checked[expected]
    assert 0 < found[0].score <= 1


def test_numbers_that_differ_rank_below(checked, normandie):
    """300 jobs is another claim than 1,200 jobs: it ranks below the one with 1,200."""
    other = Claim.objects.create(
        article=make_article(),
        label="Emplois à l'usine de Dieppe",
        statement="L'usine de Dieppe va supprimer 300 emplois.",
    )
    found = [m.claim for m in similar_claims("Dieppe : 1200 emplois supprimés à l'usine")]
    assert found.index(checked["Emplois à l'usine de Dieppe"]) < found.index(other)


def test_the_claim_being_edited_is_left_out(checked):
    claim = checked["Pont de la Fonderie"]
    found = similar_claims(f"{claim.label} {claim.statement}", exclude=claim.pk)
    assert claim not in [m.claim for m in found]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://example.org/a https://example.org/b",
        "<script>alert(1)</script>",
        "\x00\x0b le \ud800",
        "pont " * 20_000,
        "' OR 1=1 -- & | ! :* ()",
    ],
)
def test_any_text_is_safe(checked, text):
    """Empty, huge, link-only, markup, control characters or query syntax: a list, no error."""
    assert isinstance(similar_claims(text), list)


def test_unrelated_text_finds_nothing(checked):
    assert similar_claims("Recette de la teurgoule de ma grand-mère") == []


def test_the_labelled_set_meets_the_targets_on_this_database(normandie):
    """The evaluation set of bench/matching_pairs.json (at least 200 labelled pairs) reaches
    recall@5 ≥ 0.9 and precision@1 ≥ 0.8 here, without the 100,000-claim corpus."""
    pairs = load_pairs()
    assert len(pairs["queries"]) >= 200
    ids = add_labelled_claims(pairs)
    result = summary(evaluate(pairs, ids))
    overall = result["table"]["all"]
    assert overall["recall@5"] >= 0.9, result["table"]
    assert overall["P@1"] >= 0.8, result["table"]
    assert result["unrelated with a result"] <= 0.2


# --- in the newsroom ------------------------------------------------------------------


def test_the_endpoint_returns_similar_claims_to_staff(client, journalist, checked):
    """As a journalist types, the panel gets the closest claims with verdict and story."""
    client.force_login(journalist)
    url = reverse("admin:factcheck_claim_similar")
    response = client.get(url, {"q": "Le pont de la Fonderie fermé 2 ans"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["label"] == "Pont de la Fonderie"
    assert first["admin_url"] == reverse(
        "admin:factcheck_claim_change", args=[checked["Pont de la Fonderie"].pk]
    )
    assert client.get(url, {"q": "\x00<b>"}).json() == {"results": []}


def test_the_endpoint_is_for_staff_only(client, checked):
    url = reverse("admin:factcheck_claim_similar")
    assert client.get(url, {"q": "pont"}).status_code == 302  # to the login page


def test_the_endpoint_costs_few_queries(client, journalist, checked, django_assert_max_num_queries):
    """A bounded number of queries whatever the matches: session and user, then on
    PostgreSQL the query's lexemes, their statistics, up to three full-text searches,
    and the claims with their story and verdict in one query (no N+1)."""
    client.force_login(journalist)
    url = reverse("admin:factcheck_claim_similar")
    with django_assert_max_num_queries(10):
        client.get(url, {"q": "pont fonderie taxe foncière usine dieppe"})


def test_the_claim_page_shows_similar_claims_without_script(client, editor, checked, normandie):
    """A claim whose twin was already entered shows it on its page, linked."""
    twin = Claim.objects.create(
        article=make_article(),
        label="Fermeture du pont de la Fonderie",
        statement="Caen : le pont de la Fonderie fermé pendant deux ans.",
    )
    client.force_login(editor)
    page = body(client.get(reverse("admin:factcheck_claim_change", args=[twin.pk])))
    original = checked["Pont de la Fonderie"]
    assert reverse("admin:factcheck_claim_change", args=[original.pk]) in page
    assert "similar-claims.js" in page
