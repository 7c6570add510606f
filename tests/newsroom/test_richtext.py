"""The admin's rich-text editor: a toolbar on every Markdown field, a preview rendered by
the public pages' own function, and a paste from a word processor kept to its structure."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import Article
from factcheck.models import Claim
from newsroom.fields import MarkdownField
from newsroom.markup import PASTE_MAX_CHARS, html_to_markdown, render_markdown
from newsroom.richtext import PREVIEW_MAX_CHARS, MarkdownEditor
from tests.admin_forms import change_url
from tests.factories import make_user, story
from tests.html import script_problems

pytestmark = pytest.mark.django_db

WORD_SAMPLE = (Path(__file__).parent / "data" / "word_paste.html").read_text(encoding="utf-8")
GOOGLE_DOCS_SAMPLE = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4f1">'
    '<h1 dir="ltr"><span style="font-size:20pt;font-weight:400">Le bac de Jersey</span></h1>'
    '<p dir="ltr"><span style="font-weight:700;color:#000000">Faux</span><span>, selon </span>'
    '<span style="font-style:italic">la préfecture</span><span> : </span>'
    '<a href="https://example.org/communique"><span style="text-decoration:underline">'
    "communiqué</span></a></p>"
    '<ul><li dir="ltr"><p dir="ltr"><span>départ à 8 h</span></p></li>'
    '<li dir="ltr"><p dir="ltr"><span>retour à 18 h</span></p></li></ul></b>'
)
PREVIEW = reverse("richtext_preview")
PASTE = reverse("richtext_paste")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def rendered_fields():
    """Every model field whose text the site renders (it has an `<name>_html` twin)."""
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        for field in model._meta.get_fields():
            if f"{field.name}_html" in names:
                yield model, field


def test_every_rendered_field_is_a_markdown_field():
    """Each text the site renders as Markdown is declared as such, so its form has the toolbar."""
    found = list(rendered_fields())
    assert len(found) >= 7
    for model, field in found:
        assert isinstance(field, MarkdownField), f"{model.__name__}.{field.name}"


def test_every_admin_form_of_a_markdown_field_has_the_editor(superuser):
    """On every admin page (story, claim, author, site page) a Markdown field has the toolbar."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = 0
    for model, field in rendered_fields():
        model_admin = admin.site.get_model_admin(model)
        form = model_admin.get_form(request, None, change=False)
        if field.name in form.base_fields:
            assert isinstance(form.base_fields[field.name].widget, MarkdownEditor), field
            checked += 1
    assert checked >= 7


def test_a_form_that_chose_its_own_widget_keeps_it():
    """A form asking for another widget than a textarea (e.g. hidden) gets it, not the toolbar."""
    from django import forms

    field = Claim._meta.get_field("analysis").formfield(widget=forms.HiddenInput)
    assert isinstance(field.widget, forms.HiddenInput)
    assert isinstance(Claim._meta.get_field("analysis").formfield().widget, MarkdownEditor)


def test_story_page_shows_a_labelled_toolbar_in_french(client, journalist):
    """The journalist sees named formatting buttons and a preview button on the story's sections."""
    article = story(journalist)
    client.force_login(journalist)
    page = client.get(change_url(article)).content.decode()
    for name in ("verified_facts", "development", "context"):
        editor = page.split(f'name="{name}"')[0].rsplit('<div class="markdown-editor"', 1)[1]
        assert 'role="toolbar" aria-label="Mise en forme"' in editor, name
    # One stop for Tab per toolbar (arrow keys within it): the first button only.
    assert (
        'data-action="bold" tabindex="0"' in page and 'data-action="italic" tabindex="-1"' in page
    )
    for label in ("Gras", "Italique", "Lien", "Liste à puces", "Liste numérotée", "Intertitre"):
        assert f'<span class="markdown-label">{label}</span>' in page, label
    assert 'aria-keyshortcuts="Control+B"' in page
    assert "js/markdown-editor.js" in page and "css/markdown-editor.css" in page
    assert "<script>" not in page and " style=" not in page.split("<body")[1]


def test_preview_is_the_public_rendering(client, journalist):
    """The preview shows exactly what readers will see, sanitised the same way."""
    client.force_login(journalist)
    text = (
        "## Constat\n\nLe **pont** est [fermé](https://example.org).\n\n<script>alert(1)</script>"
    )
    response = client.post(PREVIEW, {"text": text})
    assert response.status_code == 200
    html = response.json()["html"]
    assert html == render_markdown(text)
    assert "<h2>Constat</h2>" in html and "<strong>pont</strong>" in html
    assert script_problems(html) == []


def test_paste_of_a_word_document_keeps_structure_and_drops_the_rest(client, journalist):
    """A Word paste keeps headings, bold, italics, links and lists; styles, comments, scripts,
    images, reviewers' notes and Office markup are gone."""
    client.force_login(journalist)
    response = client.post(PASTE, {"html": WORD_SAMPLE})
    assert response.status_code == 200
    assert response.json()["markdown"] == (
        "## Le pont de Granville\n\n"
        "La préfecture a **confirmé** la fermeture, *selon* un "
        "[arrêté](https://example.org/arrete) du 3 mars.\n\n"
        "- Premier point\n- Second point\n\n"
        "1. Étape une\n2. Étape deux\n\n"
        "Texte surligné\n\n"
        "Case"
    )


def test_paste_of_a_google_doc_reads_bold_and_italics_from_styles():
    """Google Docs marks bold and italics with styles and wraps all in a non-bold <b>."""
    assert html_to_markdown(GOOGLE_DOCS_SAMPLE) == (
        "## Le bac de Jersey\n\n"
        "**Faux**, selon *la préfecture* : [communiqué](https://example.org/communique)\n\n"
        "- départ à 8 h\n- retour à 18 h"
    )


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">clic</a>',
        '<p onclick="alert(1)">x</p><img src=x onerror=alert(1)>',
        "<style>p{color:red}</style><script>alert(1)</script><p>texte</p>",
        '<iframe src="https://evil.example"></iframe><p>texte</p>',
    ],
)
def test_a_hostile_paste_becomes_harmless_markdown(html):
    """Whatever is pasted, the Markdown holds no script, and renders to nothing that runs."""
    markdown = html_to_markdown(html)
    assert "alert" not in markdown and "javascript" not in markdown.lower()
    assert script_problems(render_markdown(markdown)) == []


def test_endpoints_are_for_staff_only(client, db):
    """A visitor, or a logged-in account without admin access, is sent to the admin login."""
    for url in (PREVIEW, PASTE):
        response = client.post(url, {"text": "x", "html": "<p>x</p>"})
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(make_user("lecteur"))
    for url in (PREVIEW, PASTE):
        response = client.post(url, {"text": "x", "html": "<p>x</p>"})
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_endpoints_need_the_csrf_token_and_a_post(journalist):
    """Without the page's CSRF token the request is refused; a GET is not allowed."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    assert browser.post(PREVIEW, {"text": "x"}).status_code == 403
    assert browser.post(PASTE, {"html": "<p>x</p>"}).status_code == 403
    assert browser.get(PREVIEW).status_code == 405
    browser.get(reverse("admin:articles_article_add"))
    token = browser.cookies["csrftoken"].value
    response = browser.post(PREVIEW, {"text": "*x*"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_oversized_text_is_refused(client, journalist):
    """Text far beyond any story is refused with 413 and a message, not rendered."""
    client.force_login(journalist)
    response = client.post(PREVIEW, {"text": "a" * (PREVIEW_MAX_CHARS + 1)})
    assert response.status_code == 413 and response.json()["error"]
    response = client.post(PASTE, {"html": "a" * (PASTE_MAX_CHARS + 1)})
    assert response.status_code == 413


def test_the_story_is_still_stored_as_markdown(client, journalist):
    """Saving through the editor stores Markdown: the published record keeps hashing it."""
    article = story(journalist)
    assert Article._meta.get_field("development").get_internal_type() == "TextField"
    assert isinstance(Article._meta.get_field("development"), MarkdownField)
    assert article.development_html == render_markdown(article.development)
