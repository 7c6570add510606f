"""A story's life in a real browser, and an edit conflict between two people.

Each step asserts what the person sees on screen. Elements are found by
name, id or value (the interface is French); expected labels are taken from
the code's own translations rather than copied here.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from articles.models import Article, Author, Status
from factcheck.models import Outlet, Rating, Source
from newsroom.roles import EDITOR, JOURNALIST
from tests.factories import add_sources, archived, make_article, make_user

from .browser import (
    Desk,
    add_inline_row,
    axe_violations,
    choose_autocomplete,
    expect,
    in_french,
    save_and_continue,
    scheduled_label,
    status_label,
    take_transition,
    workflow_title,
)
from .conftest import E2E_MARKS, enrol_authenticator, log_in

pytestmark = E2E_MARKS

TITLE = "Le pont de la Chaussée à Caen rouvre lundi"
SLUG = "le-pont-de-la-chaussee-a-caen-rouvre-lundi"
CLAIM_LABEL = "Le pont resterait fermé jusqu'à l'été"
RETURN_COMMENT = "Reliez l'allégation à ses deux sources avant de soumettre à nouveau."
VERDICT = "vrai"  # a verdict of the seeded scale, by slug


# Time left, once the publish form is sent, for what is checked before the story
# is public: the reader's 404, the public lists, the admin's view of it (≈ 4 s).
SCHEDULE_LEAD = timedelta(seconds=8)


def schedule_time(page):
    """The earliest time the publish form takes that is at least SCHEDULE_LEAD away.

    The form's `datetime-local` input has no `step` attribute, so it takes
    whole minutes: a person cannot enter seconds, and Chromium refuses to send
    them. The time is then the next whole minute far enough away, and the
    journey waits for it (8 to 68 s). Should the input allow seconds, it is
    SCHEDULE_LEAD from now.
    """
    now = timezone.localtime()
    step = page.locator("#t-publish-publish_at").get_attribute("step")
    if step and step != "any" and float(step) <= 1:
        return now.replace(microsecond=0) + SCHEDULE_LEAD + timedelta(
            seconds=1
        ), "%Y-%m-%dT%H:%M:%S"
    target = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if target - now < SCHEDULE_LEAD:
        target += timedelta(minutes=1)
    return target, "%Y-%m-%dT%H:%M"


def find_typed(data, type_name: str) -> list[dict]:
    """Every JSON-LD node of @type `type_name`, wherever it is nested."""
    found = []
    if isinstance(data, dict):
        types = data.get("@type")
        if type_name == types or (isinstance(types, list) and type_name in types):
            found.append(data)
        for value in data.values():
            found += find_typed(value, type_name)
    elif isinstance(data, list):
        for value in data:
            found += find_typed(value, type_name)
    return found


# --- people and outlets ---------------------------------------------------------------


@pytest.fixture
def newsroom():
    """A journalist with an author page, two editors, and two outlets to cite."""
    lea = make_user("lea", JOURNALIST, first_name="Léa", last_name="Morel")
    Author.objects.create(name="Léa Morel", slug="lea-morel", user=lea)
    # Editors give a second factor at login (log_in types the app's code).
    enrol_authenticator(make_user("claire", EDITOR, first_name="Claire", last_name="Dubois"))
    enrol_authenticator(make_user("marc", EDITOR, first_name="Marc", last_name="Lefèvre"))
    Outlet.objects.create(
        name="Préfecture du Calvados", slug="prefecture-calvados", kind=Outlet.Kind.GOVERNMENT
    )
    Outlet.objects.create(name="Ouest-France", slug="ouest-france", kind=Outlet.Kind.PRESS)


# --- the journey ------------------------------------------------------------------------


def test_story_from_draft_to_reader(open_context, newsroom):
    started = time.monotonic()

    # a. The journalist writes the story, with a claim and two sources, and submits it.
    lea = open_context("journalist")
    log_in(lea, "lea")
    lea.goto("/admin/articles/article/add/")
    lea.fill("#id_title", TITLE)
    choose_autocomplete(lea, "id_region", "Norm", "Normandie")
    expect(lea.locator("#id_slug")).to_have_value(SLUG)  # filled in from the title
    lea.fill("#id_introduction", "Fermé depuis mars pour travaux, le pont rouvre lundi à 6 h.")
    lea.fill(
        "#id_verified_facts",
        "La préfecture a publié l'arrêté de réouverture ; Ouest-France a confirmé la date.",
    )
    add_inline_row(lea, "sources")
    lea.fill("#id_sources-0-outlet_name", "Préfecture du Calvados")
    lea.select_option("#id_sources-0-kind", Source.Kind.DOCUMENT.value)
    lea.fill("#id_sources-0-title", "Arrêté préfectoral de réouverture du pont")
    lea.fill("#id_sources-0-url", "https://www.calvados.gouv.fr/arrete-pont")
    add_inline_row(lea, "sources")
    lea.fill("#id_sources-1-outlet_name", "Ouest-France")
    lea.select_option("#id_sources-1-kind", Source.Kind.COVERAGE.value)
    lea.fill("#id_sources-1-title", "Le pont de la Chaussée rouvre lundi")
    lea.fill("#id_sources-1-url", "https://www.ouest-france.fr/pont-chaussee")
    add_inline_row(lea, "claims")
    lea.fill("#id_claims-0-label", CLAIM_LABEL)
    lea.fill("#id_claims-0-statement", "Le pont de la Chaussée restera fermé jusqu'en juillet.")
    lea.fill("#id_claims-0-claimant", "Un compte anonyme")
    lea.select_option("#id_claims-0-claimant_kind", "social")
    save_and_continue(lea)

    expect(workflow_title(lea)).to_contain_text(status_label(Status.DRAFT))
    expect(lea.locator("#id_title")).to_have_value(TITLE)
    expect(lea.locator("#sources-group .inline-related.has_original")).to_have_count(2)
    expect(lea.locator("#claims-group .inline-related.has_original")).to_have_count(1)
    article = Article.objects.get(slug=SLUG)
    assert article.region.slug == "normandie"
    assert list(article.bylines.values_list("author__slug", flat=True)) == ["lea-morel"]
    assert sorted(article.sources.values_list("kind", flat=True)) == ["coverage", "document"]
    change_url = f"/admin/articles/article/{article.pk}/change/"

    take_transition(lea, "submit")
    expect(workflow_title(lea)).to_contain_text(status_label(Status.SUBMITTED))

    # b. An editor returns it with a comment; the journalist sees why, fixes, resubmits.
    claire = open_context("editor")
    log_in(claire, "claire")
    claire.goto(change_url)
    expect(workflow_title(claire)).to_contain_text(status_label(Status.SUBMITTED))
    take_transition(claire, "return", comment=RETURN_COMMENT)
    expect(workflow_title(claire)).to_contain_text(status_label(Status.DRAFT))

    lea.goto(change_url)
    expect(workflow_title(lea)).to_contain_text(status_label(Status.DRAFT))
    returned = lea.locator(".timeline li", has_text=RETURN_COMMENT)
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text("Claire Dubois")
    expect(returned).to_contain_text(
        f"{status_label(Status.SUBMITTED)} → {status_label(Status.DRAFT)}"
    )
    # The fix: the claim is tied to both sources (ticked in the claim's source list).
    for pk in article.sources.values_list("pk", flat=True):
        lea.check(f'#id_claims-0-source_refs input[value="{pk}"]')
    lea.fill("#id_development", "La circulation reprend d'abord dans un seul sens.")
    save_and_continue(lea)
    expect(lea.locator("#id_claims-0-source_refs input:checked")).to_have_count(2)
    take_transition(lea, "submit")
    expect(workflow_title(lea)).to_contain_text(status_label(Status.SUBMITTED))

    # c. The first editor gives the claim its verdict on the claim's own page; a second
    # editor, who changed nothing since submission (four eyes), verifies and schedules.
    marc = open_context("second-editor")
    log_in(marc, "marc")
    marc.goto(change_url)
    expect(marc.locator(".workflow .blocked")).to_contain_text(CLAIM_LABEL)  # no verdict yet
    expect(marc.locator("button[name=_transition][value=verify]")).to_have_count(0)
    claire.goto(change_url)
    claire.locator("#claims-0 a.inlinechangelink").click()
    claire.wait_for_url("**/admin/factcheck/claim/*/change/**")
    verdict = Rating.objects.get(slug=VERDICT)
    claire.select_option("#id_rating", str(verdict.pk))
    claire.fill("#id_verdict_explanation", "L'arrêté préfectoral fixe la réouverture à lundi, 6 h.")
    # Where and when the claim circulated: its ClaimReview publishes it, verification asks.
    claire.locator("#appearances-group .add-row a").click()
    claire.fill("#id_appearances-0-url", "https://social.example/posts/pont-chaussee")
    appeared_on = timezone.localdate() - timedelta(days=2)
    claire.fill("#id_appearances-0-appeared_on", appeared_on.isoformat())
    claire.check("#id_appearances-0-is_first")
    claire.locator("input[name=_save]").click()
    expect(claire.locator(".messagelist .success")).to_be_visible()
    claire.goto(change_url)  # she changed the content since submission: not hers to verify
    expect(claire.locator("button[name=_transition][value=verify]")).to_have_count(0)

    # The worker archives every cited page; with no network here, its copies are
    # recorded as it would have stored them.
    for url in (
        "https://www.calvados.gouv.fr/arrete-pont",
        "https://www.ouest-france.fr/pont-chaussee",
        "https://social.example/posts/pont-chaussee",
    ):
        archived(url)
    marc.goto(change_url)
    take_transition(marc, "verify")
    expect(workflow_title(marc)).to_contain_text(status_label(Status.VERIFIED))
    publish_at, input_format = schedule_time(marc)
    marc.fill("#t-publish-publish_at", publish_at.strftime(input_format))
    take_transition(marc, "publish")
    expect(workflow_title(marc)).to_contain_text(scheduled_label())
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == publish_at
    assert article.verified_by.username == "marc"
    assert article.claims.get().reviewed_by.username == "claire"  # who gave the verdict

    # d. A reader gets 404 until the time, then the story with its verdict and JSON-LD.
    reader = open_context("reader")
    story_url = f"/articles/{SLUG}/"
    before = reader.goto(story_url)
    assert timezone.now() < publish_at, "scheduled too close: the 404 was not checked in time"
    assert before.status == 404
    # While the time comes: nothing of the story shows anywhere public yet,
    reader.goto("/")
    expect(reader.locator("main")).not_to_contain_text(TITLE)
    reader.goto("/verifications/")
    expect(reader.locator("main")).not_to_contain_text(CLAIM_LABEL)
    # the editors find it among the scheduled stories,
    marc.goto("/admin/articles/article/?view=scheduled")
    expect(marc.locator("#result_list")).to_contain_text(TITLE)
    # and the journalist sees it scheduled, no longer editable.
    lea.goto(change_url)
    expect(workflow_title(lea)).to_contain_text(scheduled_label())
    expect(lea.locator("input[name=_continue]")).to_have_count(0)
    assert timezone.now() < publish_at, "the checks above outlasted the schedule"

    waited = max((publish_at - timezone.now()).total_seconds(), 0)
    time.sleep(waited + 0.2)
    response = reader.goto(story_url)
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text(TITLE)
    claim = reader.locator("main").get_by_text(CLAIM_LABEL)
    expect(claim.first).to_be_visible()
    badge = reader.locator(".badge", has_text=verdict.label)
    expect(badge).to_be_visible()
    blocks = reader.locator('script[type="application/ld+json"]').all_text_contents()
    assert blocks, "no JSON-LD on the story page"
    graphs = [json.loads(block) for block in blocks]  # every block parses
    reviews = [review for graph in graphs for review in find_typed(graph, "ClaimReview")]
    assert [review["claimReviewed"] for review in reviews] == [CLAIM_LABEL]
    assert reviews[0]["reviewRating"].get("alternateName") == verdict.label
    # The story now leads the front page and the fact-check index. Public pages may
    # be kept for a minute (Cache-Control: max-age=60): this reader, who saw them
    # before the time, reloads them.
    reader.goto("/")
    reader.reload()
    expect(reader.locator("main")).to_contain_text(TITLE)
    reader.goto("/verifications/")
    reader.reload()
    expect(reader.locator("main")).to_contain_text(CLAIM_LABEL)
    expect(reader.locator(".badge", has_text=verdict.label).first).to_be_visible()

    for page in (lea, claire, marc, reader):
        assert page.problems == [], page.problems
    print(f"journey: {time.monotonic() - started:.1f} s, {waited:.1f} s of it waiting")


def test_edit_conflict_keeps_both_texts(open_context, newsroom):
    """Two editors on one story: the later save is refused, nothing is lost."""
    lea = Author.objects.get(slug="lea-morel")
    article = make_article(title=TITLE, slug=SLUG, author=lea)
    change_url = f"/admin/articles/article/{article.pk}/change/"
    first_text = "Première version : le pont rouvre lundi à 6 h, dans un seul sens."
    second_text = "Seconde version : réouverture lundi, circulation alternée."

    claire = open_context("first-editor")
    marc = open_context("second-editor")
    log_in(claire, "claire")
    log_in(marc, "marc")
    claire.goto(change_url)
    marc.goto(change_url)

    claire.fill("#id_introduction", first_text)
    save_and_continue(claire)
    expect(claire.locator("#id_introduction")).to_have_value(first_text)

    marc.fill("#id_introduction", second_text)
    marc.locator("input[name=_continue]").click()
    expect(marc.locator(".errornote")).to_be_visible()
    conflict = marc.locator(".errorlist.nonfield")
    expect(conflict).to_contain_text("Claire Dubois")
    expect(marc.locator(".messagelist .success")).to_have_count(0)
    expect(marc.locator("#id_introduction")).to_have_value(second_text)

    article.refresh_from_db()
    assert article.introduction == first_text
    assert article.updated_by.username == "claire"
    assert article.version == 2  # one save went through: Claire's
    for page in (claire, marc):
        assert page.problems == [], page.problems


# --- the reference story: filed on one page, within a budget ----------------------------

REFERENCE_TITLE = "Réseau de chaleur de Lisieux : la facture baisse-t-elle vraiment ?"
REFERENCE_SLUG = "reseau-de-chaleur-de-lisieux-la-facture-baisse-t-elle-vraiment"
# What filing it may cost (issue 16: 62 clicks and 45 typed fields before).
CLICK_BUDGET = 30
FIELD_BUDGET = 35
# Screenshots of the editor, beside the other browser artifacts (git-ignored).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "i16"

# The five sources: outlet (two known, three never cited), kind, title, URL.
REFERENCE_SOURCES = [
    (
        "Préfecture du Calvados",
        Source.Kind.DOCUMENT,
        "Arrêté fixant les tarifs du réseau",
        "https://www.calvados.gouv.fr/reseau-chaleur-arrete",
    ),
    (
        "Ouest-France",
        Source.Kind.COVERAGE,
        "Lisieux : la facture du chauffage urbain en baisse",
        "https://www.ouest-france.fr/lisieux-chauffage",
    ),
    (
        "Insee Normandie",
        Source.Kind.DATA,
        "Prix de l'énergie des ménages, 2025",
        "https://www.insee.fr/fr/statistiques/normandie-energie",
    ),
    (
        "France 3 Normandie",
        Source.Kind.COVERAGE,
        "Chauffage urbain : ce qui change à Lisieux",
        "https://france3-regions.example/normandie/lisieux-chauffage",
    ),
    (  # the report this story follows (a kind of its own once the model has it)
        "Le Pays d'Auge",
        getattr(Source.Kind, "ORIGINAL", Source.Kind.COVERAGE),
        "Chaleur : la ville promet une baisse de 12 %",
        "https://www.lepaysdauge.example/chaleur-baisse",
    ),
]
# Each claim: label, statement, claimant, the sources (indexes above) that support it.
REFERENCE_CLAIMS = [
    (
        "La facture du réseau de chaleur de Lisieux",
        "La facture du réseau de chaleur baisse de 12 % pour tous les abonnés.",
        "La mairie de Lisieux",
        "organisation",
        (0, 1),
    ),
    (
        "Le prix du gaz payé par les ménages normands",
        "Le gaz coûte deux fois plus cher aux ménages que la chaleur du réseau.",
        "Un compte anonyme",
        "social",
        (2, 3),
    ),
]


def file_reference_story(desk) -> None:
    """The journalist types the whole reference story on the add page and saves it once."""
    page = desk.page
    page.goto("/admin/articles/article/add/")
    desk.fill("#id_title", REFERENCE_TITLE)
    desk.autocomplete("id_region", "Norm", "Normandie")
    desk.fill("#id_introduction", "La ville annonce une baisse de 12 % de la facture du réseau.")
    desk.fill("#id_verified_facts", "L'arrêté fixe le nouveau tarif au 1er janvier 2026.")
    desk.fill("#id_development", "La baisse vaut pour l'abonnement, pas pour la chaleur livrée.")
    desk.fill("#id_context", "Le réseau chauffe 4 000 logements depuis 2019.")
    desk.fill("#id_original_url", REFERENCE_SOURCES[4][3])
    desk.click("#quotes-group .add-row a")
    desk.fill("#id_quotes-0-speaker", "Sophie Lemaire")
    desk.fill("#id_quotes-0-speaker_role", "adjointe à l'énergie")
    desk.fill("#id_quotes-0-text", "La baisse concerne l'abonnement de chaque logement.")
    desk.fill("#id_quotes-0-said_on", "11/2025")  # known to the month
    for index, (outlet, kind, title, url) in enumerate(REFERENCE_SOURCES):
        desk.click("#sources-group .add-row a")
        desk.fill(f"#id_sources-{index}-outlet_name", outlet)
        if kind != Source.Kind.DOCUMENT:  # the row's default
            desk.choose(f"#id_sources-{index}-kind", kind.value)
        desk.fill(f"#id_sources-{index}-title", title)
        desk.fill(f"#id_sources-{index}-url", url)
    for index, (label, statement, claimant, kind, cited) in enumerate(REFERENCE_CLAIMS):
        desk.click("#claims-group .add-row a")
        desk.fill(f"#id_claims-{index}-label", label)
        desk.fill(f"#id_claims-{index}-statement", statement)
        desk.fill(f"#id_claims-{index}-claimant", claimant)
        desk.choose(f"#id_claims-{index}-claimant_kind", kind)
        for row in cited:  # sources typed above, not saved yet
            desk.tick(f'#id_claims-{index}-source_refs input[value="row-{row}"]')


def screenshot_editor(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        # caret="initial": hiding the caret would add an inline style, which the CSP refuses.
        page.screenshot(
            path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True, caret="initial"
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reference_story_on_one_page_within_budget(open_context, newsroom):
    """The issue's reference story is filed on one page, new outlets without a pop-up,
    within 30 clicks and 35 typed fields; the editor passes axe; verification is
    blocked until the verdicts and appearances are given, then goes through."""
    lea = open_context("journalist")
    log_in(lea, "lea")
    desk = Desk(lea)
    file_reference_story(desk)
    # The panel's list follows the unsaved page: what verification will still ask.
    checks = lea.locator(".story-checks .checks-list")
    expect(checks.locator("h3")).to_have_count(2)
    expect(checks.locator("ul.missing")).to_contain_text(REFERENCE_CLAIMS[0][0])
    assert axe_violations(lea) == []  # the add page, rows and pickers filled in
    desk.click("input[name=_continue]")
    expect(lea.locator(".messagelist .success")).to_be_visible()
    expect(lea.locator(".errornote")).to_have_count(0)
    desk.click("button[name=_transition][value=submit]")
    expect(workflow_title(lea)).to_contain_text(status_label(Status.SUBMITTED))
    height = lea.evaluate("() => document.documentElement.scrollHeight")
    print(f"reference story: {desk.clicks} clicks, {desk.fields} typed fields, 1 page, {height} px")
    assert desk.popups == 0
    assert desk.clicks <= CLICK_BUDGET, desk.clicks
    assert desk.fields <= FIELD_BUDGET, desk.fields

    article = Article.objects.get(slug=REFERENCE_SLUG)
    assert article.original_url == REFERENCE_SOURCES[4][3]
    assert [s.outlet.name for s in article.sources.select_related("outlet")] == [
        row[0] for row in REFERENCE_SOURCES
    ]
    assert Outlet.objects.get(name="Insee Normandie").homepage == "https://www.insee.fr/"
    for claim, (_label, _s, _c, _k, cited) in zip(
        article.claims.all(), REFERENCE_CLAIMS, strict=True
    ):
        assert sorted(claim.sources.values_list("title", flat=True)) == sorted(
            REFERENCE_SOURCES[row][2] for row in cited
        )
    change_url = f"/admin/articles/article/{article.pk}/change/"
    for source in article.sources.all():  # the worker's archived copies
        archived(source.url)

    # Verification is blocked: the panel says why, in the workflow's words.
    marc = open_context("second-editor")
    log_in(marc, "marc")
    marc.goto(change_url)
    expect(marc.locator("button[name=_transition][value=verify]")).to_have_count(0)
    blocked = marc.locator(".workflow .blocked")
    expect(blocked).to_contain_text(REFERENCE_CLAIMS[0][0])
    screenshot_editor(marc, "story-editor-blocked")
    assert axe_violations(marc) == [], axe_violations(marc)

    # The fix: an editor gives each claim its verdict and where it appeared.
    claire = open_context("editor")
    log_in(claire, "claire")
    verdict = Rating.objects.get(slug=VERDICT)
    for number, claim in enumerate(article.claims.all()):
        claire.goto(f"/admin/factcheck/claim/{claim.pk}/change/")
        claire.select_option("#id_rating", str(verdict.pk))
        claire.fill("#id_verdict_explanation", "L'arrêté et les chiffres publiés concordent.")
        claire.locator("#appearances-group .add-row a").click()
        url = f"https://social.example/posts/lisieux-{number}"
        claire.fill("#id_appearances-0-url", url)
        appeared_on = timezone.localdate() - timedelta(days=3)
        claire.fill("#id_appearances-0-appeared_on", appeared_on.isoformat())
        claire.check("#id_appearances-0-is_first")
        claire.locator("input[name=_save]").click()
        expect(claire.locator(".messagelist .success")).to_be_visible()
        archived(url)
    marc.goto(change_url)
    expect(marc.locator(".story-checks .ready")).to_have_count(2)
    take_transition(marc, "verify")
    expect(workflow_title(marc)).to_contain_text(status_label(Status.VERIFIED))
    screenshot_editor(marc, "story-editor-verified")
    lea.goto(change_url)
    screenshot_editor(lea, "story-editor-journalist")
    for page in (lea, marc, claire):
        assert page.problems == [], page.problems


def test_rows_move_with_the_keyboard(open_context, newsroom):
    """A source row moved down with the keyboard (↓, then Enter) is saved in its new place."""
    lea = Author.objects.get(slug="lea-morel")
    article = make_article(title=TITLE, slug=SLUG, author=lea)
    first, second = add_sources(article, "Préfecture du Calvados", "Ouest-France")
    page = open_context("journalist")
    log_in(page, "lea")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    down = page.locator("#sources-0 button.row-down")
    expect(down).to_have_accessible_name(in_french(gettext_lazy("Move this row down")))
    down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#sources-group .compact-row").first).to_have_id("sources-1")
    expect(down).to_be_focused()
    save_and_continue(page)
    assert list(article.sources.order_by("position", "id")) == [second, first]
    assert page.problems == [], page.problems
