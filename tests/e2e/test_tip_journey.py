"""A reader's tip in a real browser: sent without script, seen by a journalist next to the
claim already entered, accepted, and answered by e-mail when the story is published."""

from __future__ import annotations

import pytest
from django.core import mail

from articles.models import Author, Status
from factcheck.models import Claim, Rating, Tip
from newsroom.roles import EDITOR, JOURNALIST
from tests.factories import add_sources, make_article, make_user, refreeze

from .browser import choose_autocomplete, expect, take_transition
from .conftest import E2E_MARKS, enrol_authenticator, log_in

pytestmark = E2E_MARKS

TIP = "Sur Facebook : le pont de la Fonderie à Caen serait fermé pendant 2 ans, dès janvier !"
LABEL = "Fermeture du pont de la Fonderie"


@pytest.fixture
def verified_story():
    lea = make_user("lea", JOURNALIST, first_name="Léa", last_name="Morel")
    author = Author.objects.create(name="Léa Morel", slug="lea-morel", user=lea)
    enrol_authenticator(make_user("claire", EDITOR, first_name="Claire", last_name="Dubois"))
    article = make_article(
        title="Le pont de la Fonderie ne fermera pas deux ans",
        status=Status.VERIFIED,
        author=author,
    )
    sources = add_sources(article, "Mairie de Caen", "Ouest-Littoral")
    claim = Claim.objects.create(
        article=article,
        label=LABEL,
        statement="Le pont de la Fonderie à Caen sera fermé à la circulation pendant deux ans.",
        rating=Rating.objects.get(slug="faux"),
        verdict_explanation="Les travaux durent six semaines, selon l'arrêté municipal.",
    )
    claim.sources.set(sources)
    refreeze(article)
    return article


def test_a_tip_is_answered_when_the_story_is_published(open_context, verified_story, settings):
    settings.TIP_FORM_MIN_SECONDS = 0

    # A reader reports the rumour, without any script.
    reader = open_context("reader")
    reader.goto("/signaler/")
    reader.fill("#id_text", TIP)
    reader.fill("#id_seen_where", "https://example.org/publication/123")
    reader.fill("#id_email", "lecteur@example.org")
    reader.check("#id_consent")
    reader.locator("form.tip-form button[type=submit]").click()
    expect(reader.locator("h1")).to_have_text("Merci")
    tip = Tip.objects.get()

    # A journalist opens the tip: the claim already entered is shown next to it.
    lea = open_context("journalist")
    log_in(lea, "lea")
    lea.goto(f"/admin/factcheck/tip/{tip.pk}/change/")
    expect(lea.locator(".similar-claims")).to_contain_text(LABEL)
    lea.select_option("#id_state", "accepted")
    choose_autocomplete(lea, "id_claim", "Fonderie", LABEL)
    lea.locator("input[name=_save]").click()
    expect(lea.locator(".messagelist .success")).to_be_visible()

    # Typing a new claim shows the same one, as it is typed.
    lea.goto("/admin/factcheck/claim/add/")
    lea.fill("#id_statement", "Le pont de la Fonderie serait fermé deux ans")
    expect(lea.locator(".similar-claims")).to_contain_text(LABEL)

    # An editor publishes the story: the reader gets one e-mail with the link.
    claire = open_context("editor")
    log_in(claire, "claire")
    claire.goto(f"/admin/articles/article/{verified_story.pk}/change/")
    take_transition(claire, "publish")
    answers = [m for m in mail.outbox if m.to == ["lecteur@example.org"]]
    assert len(answers) == 1
    assert verified_story.get_absolute_url() in answers[0].body
    tip.refresh_from_db()
    assert tip.email == "" and tip.answered_at is not None
