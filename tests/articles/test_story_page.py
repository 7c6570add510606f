"""The story page's blocks written in Python (articles/story_page.py): what a
template would write, escaped as a template escapes."""

import itertools

import pytest
from django.template.defaultfilters import truncatechars
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from articles import story_page
from newsroom import frame
from tests.html import parse

TEXTS = [
    "",
    "Court.",
    "x" * 199,
    "x" * 200,
    "x" * 201,
    "é" * 300,
    "é" * 301,
    "À l’aube, «\u202fnon\u202f» — dit-il ; œuvre " * 12,
    "Le cafe\u0301 de la gare " * 20,  # decomposed: the filter composes it first
    "a" * 150 + "e\u0301" * 100 + "b" * 100,  # combining marks are not counted
    "\u0301" * 400,
    "漢字とかな" * 80,
]


@pytest.mark.parametrize(("text", "length"), list(itertools.product(TEXTS, [1, 2, 200, 300])))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_introductions_are_cut_as_the_truncatechars_filter_cuts_them(text, length, language):
    with override(language):
        assert story_page._truncated(text, length) == truncatechars(text, length)


@pytest.mark.parametrize(
    "value",
    ["<b>\"a\" & 'b'</b>", mark_safe("<b>sûr</b>"), 1200, 12000, None, gettext_lazy("Draft")],
)
def test_values_are_written_as_a_template_writes_them(value):
    assert frame.escaped(value) == conditional_escape(localize(value))


HOSTILE = "<script>alert(1)</script>\"'&"


def _card(**changes):
    card = {
        "title": f"Brest : le port {HOSTILE}",
        "introduction": f"Une introduction {HOSTILE}",
        "language": "fr",
        "region": {"name": f"Bretagne {HOSTILE}", "slug": "bretagne"},
        "tags": [{"name": f"port {HOSTILE}", "slug": "port"}],
        "hero": {
            "url": "/media/renditions/a.webp",
            "alt": f"Le port {HOSTILE}",
            "og": {"url": "/media/renditions/og.webp?a=1&b=2", "width": 1200, "height": 675},
        },
        "bylines": [],
        "published_at": "2026-11-30T08:00:00+00:00",
        "modified_at": None,
    }
    return {**card, **changes}


def _blocks(card, **options):
    return story_page.blocks(
        card,
        path="/articles/brest-le-port/",
        body="<p>Corps</p>",
        json_ld="",
        authors=[],
        versions=options.pop("versions", 1),
        slug="brest-le-port",
        **options,
    )


@pytest.mark.parametrize("card", [_card(), _card(hero=None, region=None)])
def test_every_text_a_journalist_writes_is_escaped(card):
    blocks = _blocks(card, preview_status=HOSTILE)
    page = "".join(blocks.values())
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") >= 4
    head = parse(f"<head><title>{blocks['title']}</title>{blocks['opengraph']}</head>")
    assert head.find("title").text.startswith("Brest : le port <script>")
    tags = {
        meta.attrs.get("property") or meta.attrs["name"]: meta.attrs["content"]
        for meta in head.find_all("meta")
    }
    assert tags["og:title"] == card["title"]
    assert tags["article:tag"] == f"port {HOSTILE}"
    if card["hero"]:
        assert tags["og:image"].endswith("/media/renditions/og.webp?a=1&b=2")
        assert tags["og:image:alt"] == f"Le port {HOSTILE}"


def test_the_logo_is_asked_for_only_for_a_story_without_an_image():
    """Open Graph's image is the story's, else the site logo: the logo's renditions
    (a file, perhaps missing) are not looked for on a story with its own image."""
    asked = []

    def logo():
        asked.append(True)
        return {"publisher": {"url": "/static/logo.webp"}}

    with_image = _blocks(_card(), site_logo=logo)["opengraph"]
    assert asked == [] and "og.webp" in with_image
    without = _blocks(_card(hero=None), site_logo=logo)["opengraph"]
    assert asked == [True] and 'content="http' in without and "/static/logo.webp" in without
    assert (
        'property="og:image"' not in _blocks(_card(hero=None), site_logo=lambda: None)["opengraph"]
    )


@pytest.mark.django_db
def test_a_preview_says_so_and_is_not_indexed_a_published_story_is():
    preview = _blocks(_card(), preview_status="Brouillon")
    published = _blocks(_card(), versions=3)
    assert '<meta name="robots" content="noindex">' in preview["meta"]
    assert "Brouillon" in preview["content"]
    assert "noindex" not in published["meta"]
    assert 'class="notice"' not in published["content"]
    assert (
        '<a href="/articles/brest-le-port/versions/">3 versions publiées</a>'
        in (published["content"])
    )
