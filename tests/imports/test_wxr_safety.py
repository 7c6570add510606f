"""Hostile and broken exports: refused or read up to the fault, never a crash."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from imports.content import to_markdown
from imports.services import WordPressImport
from imports.wxr import WxrError, WxrItem, read_export
from tests.imports.wxr import export, item

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol3;</title>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
</item></channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&secret;</title>
<wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
</item></channel></rss>"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_entity_tricks_are_refused_before_anything_is_imported(tmp_path, superuser, text):
    """Entity expansion and external entities stop the run with a clear error."""
    path = tmp_path / "hostile.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="unsafe XML"):
        call_command("import_wordpress", str(path))
    assert Article.objects.count() == 0


def test_an_export_cut_in_the_middle_keeps_what_came_before_and_says_where(tmp_path, superuser):
    """A truncated file: the complete posts before the cut are imported, the run ends
    with the line of the fault."""
    text = export(item(1, "Première"), item(2, "Deuxième"), item(3, "Troisième"))
    cut = text[: text.index("Troisième") + 20]
    path = tmp_path / "cut.xml"
    path.write_text(cut)
    report = WordPressImport(path=path, user=superuser).run()
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Deuxième", "Première"]
    assert "cut short at line" in report.fatal
    with pytest.raises(CommandError, match="stopped early"):
        call_command("import_wordpress", str(path))


@pytest.mark.parametrize(
    "text", ["", "pas du XML", "<html><body/></html>", "<rss><item/></rss>"], ids=repr
)
def test_what_is_not_an_export_is_a_clear_error(tmp_path, superuser, text):
    path = tmp_path / "other.xml"
    path.write_text(text)
    with pytest.raises(CommandError):
        call_command("import_wordpress", str(path))
    assert Article.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path, superuser):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_wordpress", str(tmp_path / "absent.xml"))


def test_elements_are_forgotten_once_read(tmp_path):
    """The reader keeps no item in the tree after yielding it (bounded memory)."""
    path = tmp_path / "many.xml"
    path.write_text(export(*(item(n, f"Brève {n}") for n in range(1, 200))))
    items = [r for r in read_export(path) if isinstance(r, WxrItem)]
    assert [r.post_id for r in items] == list(range(1, 200))


def test_a_malformed_item_raises_wxr_error(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text(export(item(1, "Ok")).replace("</item>", "</itm>", 1))
    with pytest.raises(WxrError, match="malformed"):
        list(read_export(path))


# --- content -------------------------------------------------------------------


def test_block_editor_content_becomes_markdown_without_comments():
    text = (
        "<!-- wp:heading --><h2>La crue</h2><!-- /wp:heading -->"
        "<!-- wp:paragraph --><p>Le niveau <strong>monte</strong>.</p><!-- /wp:paragraph -->"
        "<!-- wp:list --><ul><li>Caen</li><li>Bayeux</li></ul><!-- /wp:list -->"
    )
    assert to_markdown(text) == "## La crue\n\nLe niveau **monte**.\n\n- Caen\n- Bayeux"


def test_classic_editor_paragraphs_and_line_breaks():
    assert to_markdown("Premier.\n\nSecond\nsuite.") == "Premier.\n\nSecond  \nsuite."


def test_shortcodes_and_embeds_become_links():
    text = (
        '[caption id="a1" width="300"]<img src="https://ancien.example/a.jpg" alt="Le pont" />'
        " Le pont de Caen[/caption]\n\n"
        "[embed]https://video.example/v/1[/embed]\n\n"
        "https://video.example/v/2\n\n"
        '[gallery ids="1,2"]\n\n'
        '<iframe src="https://carte.example/"></iframe>'
    )
    markdown = to_markdown(text)
    assert "[Le pont](https://ancien.example/a.jpg) — Le pont de Caen" in markdown
    assert "<https://video.example/v/1>" in markdown
    assert "<https://video.example/v/2>" in markdown
    assert "<https://carte.example/>" in markdown
    assert "gallery" not in markdown and "iframe" not in markdown


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">lien</a>',
        '<p style="background:url(javascript:alert(1))" onclick="x()">texte</p>',
        "<svg><script>alert(1)</script></svg>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">lien</a>',
    ],
)
def test_nothing_unsafe_survives(tmp_path, superuser, client, hostile):
    """Whatever the post holds, the public page carries no script, handler or unsafe link."""
    path = tmp_path / "x.xml"
    path.write_text(export(item(1, "Piège", content=f"<p>Avant.</p>{hostile}", slug="piege")))
    WordPressImport(path=path, user=superuser).run()
    page = client.get("/articles/piege/").content.decode()
    for needle in ("alert(1)", "onerror", "onclick", "javascript:", "data:text"):
        assert needle not in page
    assert "Avant." in page
