"""Nothing typed is lost: the story form keeps what is typed on the server, and a
journalist whose browser closed gets it back on reopening the story (or the add page).
The rich-text toolbar, its preview and a paste from a word processor, in the browser."""

from __future__ import annotations

import pytest

from articles.models import Article, Author, Autosave
from newsroom.roles import JOURNALIST
from tests.factories import make_article, make_user

from .browser import expect, save_and_continue
from .conftest import E2E_MARKS, log_in

pytestmark = E2E_MARKS

TITLE = "Le bac de Granville reprend ses traversées"
TYPED = "Le bac reprendra ses traversées le 3 mars, selon la capitainerie."
GOOGLE_DOCS = (
    '<b style="font-weight:normal" id="docs-internal-guid-1"><p>'
    '<span style="font-weight:700">Faux</span><span>, selon </span>'
    '<span style="font-style:italic">la capitainerie</span>'
    '<script>alert("collé")</script></p></b>'
)


@pytest.fixture
def lea():
    user = make_user("lea", JOURNALIST, first_name="Léa", last_name="Morel")
    return Author.objects.create(name="Léa Morel", slug="lea-morel", user=user)


def kept(page):
    """Leave the field (its blur sends the form) and wait for the server's answer."""
    page.locator("#id_title").click()
    expect(page.locator("#autosave")).to_have_attribute("data-state", "kept")
    expect(page.locator(".autosave-status")).to_contain_text("conservé automatiquement")


def crash_and_reopen(page, url):
    """The tab dies without warning (no unload handlers run); the journalist comes back."""
    context = page.context
    page.close(run_before_unload=False)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.goto(url)
    return page


def test_typed_text_survives_a_crash_and_is_restored_then_saved(open_context, lea):
    """Lea types, her browser dies, she reopens the story, restores her text and saves it."""
    article = make_article(title=TITLE, slug="bac-granville", author=lea, development="")
    url = f"/admin/articles/article/{article.pk}/change/"
    page = open_context("journalist")
    log_in(page, "lea")
    page.goto(url)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    page.fill("#id_development", TYPED)
    kept(page)

    page = crash_and_reopen(page, url)
    offer = page.locator(".autosave-offer")
    expect(offer).to_be_visible()
    expect(page.locator("#id_development")).to_have_value("")
    offer.get_by_role("button", name="Restaurer mon texte").click()
    expect(page.locator("#id_development")).to_have_value(TYPED)
    expect(page.locator(".autosave-status")).to_contain_text("de retour dans le formulaire")
    expect(offer).to_have_count(0)

    save_and_continue(page)
    article.refresh_from_db()
    assert article.development == TYPED
    assert not Autosave.objects.exists()
    # Reopened after the save: nothing more to offer.
    page.goto(url)
    expect(page.locator(".autosave-offer")).to_have_count(0)
    assert page.problems == [], page.problems


def test_a_new_story_survives_a_crash_before_its_first_save(open_context, lea):
    """On the add page the text is kept before the story exists, and offered on the next one."""
    page = open_context("journalist")
    log_in(page, "lea")
    page.goto("/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_introduction", TYPED)
    kept(page)

    page = crash_and_reopen(page, "/admin/articles/article/add/")
    page.locator(".autosave-offer").get_by_role("button", name="Restaurer mon texte").click()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_introduction")).to_have_value(TYPED)
    save_and_continue(page)
    assert Article.objects.get(title=TITLE).introduction == TYPED
    assert not Autosave.objects.exists()
    assert page.problems == [], page.problems


def test_toolbar_preview_and_paste_write_markdown(open_context, lea):
    """Bold by button and shortcut, a preview as readers see it, and a Google Docs paste
    that keeps bold and italics but no script."""
    article = make_article(title=TITLE, slug="bac-granville", author=lea, development="")
    page = open_context("journalist")
    log_in(page, "lea")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    facts = page.locator("#id_verified_facts")
    facts.fill("traversées")
    facts.press("Control+a")
    page.get_by_role("toolbar").first.get_by_role("button", name="Gras").click()
    expect(facts).to_have_value("**traversées**")
    facts.press("End")
    facts.press("Enter")
    facts.press("Control+i")
    expect(facts).to_have_value("**traversées**\n*texte*")

    editor = page.locator(".markdown-editor", has=page.locator("#id_verified_facts"))
    editor.get_by_role("button", name="Aperçu").click()
    expect(editor.locator(".markdown-rendered strong")).to_have_text("traversées")
    expect(facts).to_be_hidden()
    editor.get_by_role("button", name="Revenir au texte").click()
    expect(facts).to_be_visible()

    development = page.locator("#id_development")
    development.focus()
    development.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Faux, selon la capitainerie");
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        GOOGLE_DOCS,
    )
    expect(development).to_have_value("**Faux**, selon *la capitainerie*")
    save_and_continue(page)
    article.refresh_from_db()
    assert article.development == "**Faux**, selon *la capitainerie*"
    assert "<strong>Faux</strong>" in article.development_html
    assert page.problems == [], page.problems


def test_leaving_with_unsaved_text_asks_first(open_context, lea):
    """With unsaved text, following a link asks before leaving; staying keeps the text."""
    article = make_article(title=TITLE, slug="bac-granville", author=lea, development="")
    page = open_context("journalist")
    log_in(page, "lea")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.fill("#id_development", TYPED)
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Aperçu", exact=True).click(no_wait_after=True)
    expect(page.locator("#id_development")).to_have_value(TYPED)
    assert asked == ["beforeunload"]
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")
