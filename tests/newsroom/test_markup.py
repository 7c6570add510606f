"""Rich text: Markdown renders, and nothing a journalist types can run in a browser."""

import pytest

from newsroom.markup import ALLOWED_TAGS, render_markdown, safe_html, sanitise_html
from tests.html import script_problems, tags_in

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](java&#x09;script:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '[x](https://example.org "title" onmouseover=alert(1))',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    '<form action="https://evil.example"><input name=q></form>',
    '<object data="x.swf"></object>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vectors_are_neutralised(vector):
    """Known XSS payloads come out as harmless text, whatever their disguise."""
    html = render_markdown(f"Avant {vector} après")
    assert script_problems(html) == [], html
    assert tags_in(html) <= ALLOWED_TAGS, html


def test_markdown_renders_the_usual_structure():
    """Paragraphs, emphasis, lists and safe links survive."""
    html = render_markdown("Un **fait** et un [lien](https://example.org).\n\n- un\n- deux")
    assert "<strong>fait</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">lien</a>' in html
    assert "<li>deux</li>" in html


def test_headings_never_compete_with_the_page_title():
    """A Markdown level-1 heading becomes a level-2 heading."""
    assert render_markdown("# Titre") == "<h2>Titre</h2>"


def test_empty_text_renders_nothing():
    """Empty or blank fields produce no markup at all."""
    assert render_markdown("") == ""
    assert render_markdown("   \n ") == ""


def test_stored_html_is_cleaned_again_on_output():
    """HTML written around the renderer (a bulk import) is still sanitised in templates."""
    assert "<script" not in str(safe_html("<p>ok</p><script>alert(1)</script>"))


def test_sanitise_html_keeps_the_rich_text_tags_and_drops_the_rest():
    """HTML from elsewhere (an import) keeps paragraphs, emphasis and http links only."""
    html = (
        '<p onclick="x()">Le <strong>niveau</strong> <a href="https://vigicrues.example/">'
        'monte</a><script>alert(1)</script><a href="javascript:alert(1)">ici</a>'
        '<img src="x" onerror="alert(1)"><iframe src="https://x.example"></iframe></p>'
    )
    assert sanitise_html(html) == (
        '<p>Le <strong>niveau</strong> <a href="https://vigicrues.example/">monte</a><a>ici</a></p>'
    )


def test_links_to_our_own_pages_are_followed(settings):
    """A link to one of our pages (relative, anchor or on SITE_URL) has no rel="nofollow";
    a link elsewhere keeps it, in new and in stored HTML alike."""
    from newsroom.markup import safe_html

    settings.SITE_URL = "https://verif.example"
    html = render_markdown(
        "[a](/articles/port/) [b](#faits) [c](https://verif.example/regions/) "
        "[d](https://autre.example/)"
    )
    assert html == (
        '<p><a href="/articles/port/">a</a> <a href="#faits">b</a> '
        '<a href="https://verif.example/regions/">c</a> '
        '<a href="https://autre.example/" rel="noopener noreferrer nofollow">d</a></p>'
    )
    stored = '<a href="/a/" rel="nofollow">x</a><a title="t" href="https://autre.example/">y</a>'
    assert str(safe_html(stored)) == (
        '<a href="/a/">x</a>'
        '<a title="t" href="https://autre.example/" rel="noopener noreferrer nofollow">y</a>'
    )
