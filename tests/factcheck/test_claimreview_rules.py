"""What a ClaimReview needs before it is published: a label that names the claim, never
our verdict (it becomes `claimReviewed`), and where and when the claim circulated."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.editing import EditRefused, edit_story
from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from factcheck import services
from factcheck.models import Claim, ClaimAppearance, Rating
from tests.admin_forms import article_post_data
from tests.factories import add_claim, add_sources, archived, make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("label", "found"),
    [
        ("Les tarifs de la plateforme", []),
        ("Les tarifs sont faux", ["Faux"]),
        ("Une vidéo TROMPEUSE ? Non : trompeur", ["Trompeur"]),
        ("Chiffre confirme par la mairie", ["Confirmé"]),
        ("Un manque de contexte sur la crue", ["Manque de contexte"]),
        ("Le faussaire de Caen", []),  # whole words only
        ("Le contexte de la crue", []),
    ],
)
def test_verdict_words_are_found_as_whole_words_without_accents(label, found):
    """Each verdict of the seeded scale is found in a label whatever its accents or case."""
    assert services.verdict_words(label) == found


def test_every_writer_is_refused_a_label_with_a_verdict(journalist):
    """The rule lives in the write path: an edit that leaves such a label is refused."""
    article = make_article(author=journalist)
    claim = add_claim(article, label="Le bassin fermé tout l'été")
    with pytest.raises(EditRefused) as refused, edit_story(article=article, user=journalist):
        Claim.objects.filter(pk=claim.pk).update(label="Le bassin fermé : c'est faux")
    assert "faux" in str(refused.value).lower()
    claim.refresh_from_db()
    assert claim.label == "Le bassin fermé tout l'été"


def test_the_claim_page_shows_a_form_error(client, editor, journalist):
    """The claim's admin page answers a verdict in the label with an error on that field."""
    article = make_article(author=journalist)
    client.force_login(editor)
    response = client.post(
        reverse("admin:factcheck_claim_add"),
        {
            "article": article.pk,
            "label": "Le préfet a menti : plutôt vrai",
            "statement": "Le préfet a dit que la route rouvrait lundi.",
            "claimant": "",
            "claimant_kind": "unknown",
            "rating": Rating.objects.get(slug="plutot-vrai").pk,
            "verdict_explanation": "",
            "analysis": "",
            "position": 0,
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "label" in errors
    assert "Plutôt vrai" in errors["label"][0]
    assert not Claim.objects.exists()


def test_the_story_page_shows_the_error_on_the_claim_row(client, editor):
    """On the story's page, the claim row with a verdict in its label gets the error."""
    client.force_login(editor)
    data = article_post_data(
        claims=[
            {
                "label": "La rocade est fermée, c'est faux",
                "statement": "La rocade reste fermée tout l'hiver.",
                "claimant_kind": "unknown",
                "position": 0,
            }
        ]
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    [claims] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "claims"
    ]
    assert "Faux" in claims.forms[0].errors["label"][0]
    assert not Claim.objects.exists()


def test_verification_asks_where_and_when_each_claim_appeared(journalist, second_editor):
    """A claim with no dated appearance blocks verification, named; a dated one unblocks it."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-Littoral")
    claim = add_claim(article, Rating.objects.get(slug="faux"), sources, appeared_on=None)
    archived("https://social.example/undated")  # as the worker would have
    ClaimAppearance.objects.create(claim=claim, url="https://social.example/undated")
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        apply_transition(article=article, user=second_editor, name="verify")
    assert refused.value.problems == [
        "Claim “Le bassin serait fermé tout l'été” needs where it appeared: at least one "
        "appearance with its date."
    ]
    ClaimAppearance.objects.filter(claim=claim).update(appeared_on="2026-06-01")
    apply_transition(article=article, user=second_editor, name="verify")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED
