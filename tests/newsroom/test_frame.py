"""Public pages in a frame rendered once per worker (newsroom/frame.py): byte for
byte the page base.html gives, for every public page type, in every language and
shape of story, and a frame that follows every change to the site."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from articles import story_page, views
from articles.models import Author, SitePage
from factcheck import views as factcheck_views
from newsroom import frame
from newsroom.context_processors import site_generation
from newsroom.frame import FRAMES, SLOT_MARK, render_blocks, render_in_frame
from tests.factories import (
    approve_change,
    library_image,
    make_article,
    refreeze,
    verifiable,
    with_hero,
)
from tests.html import parse
from tests.page_types import every_page_type
from tests.reader_site import build_world, page, seed_demo

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'(?<=name="csrfmiddlewaretoken" value=")[^"]+')


@pytest.fixture
def both_renderings(monkeypatch):
    """Each page served, with the page base.html gives for the same context."""
    seen = []

    def framed_and_reference(request, template_name, context, *, generation):
        framed = render_in_frame(request, template_name, context, generation=generation)
        reference = render_to_string(template_name, context, request)
        seen.append((framed, reference, template_name))
        return framed

    def blocks_and_reference(request, template_name, blocks, status=200, *, page=None):
        response = render_blocks(request, template_name, blocks, status, page=page)
        reference = render_to_string(template_name, {"blocks": blocks, "page": page}, request)
        seen.append((response.content.decode(), reference, template_name))
        return response

    monkeypatch.setattr(frame, "render_in_frame", framed_and_reference)
    # The story and list pages' blocks are written in Python (articles/story_page.py,
    # articles/list_pages.py, factcheck/index_page.py), then joined.
    monkeypatch.setattr(views, "render_blocks", blocks_and_reference)
    monkeypatch.setattr(factcheck_views, "render_blocks", blocks_and_reference)
    return seen


def _stories(editor, second_editor):
    world = build_world()
    second = Author.objects.create(name="Élise Le Goff", slug="elise-le-goff", job_title="Pigiste")
    plain = make_article(
        status="published",
        title="Coutances : la foire aux « bestiaux » & ses <règles>",
        author=world.author,
    )
    plain.authors.add(second)
    refreeze(plain)
    illustrated = with_hero(
        make_article(title="Avranches : le marché couvert rouvre", author=second),
        library_image(alt="La halle d'Avranches un matin de marché"),
    )
    illustrated.status = "published"
    illustrated.published_at = plain.published_at
    illustrated.save()
    refreeze(illustrated)
    verifiable(world.public)
    approve_change(
        world.public, editor, second_editor, introduction="Une introduction corrigée, deuxième."
    )
    renamed = make_article(status="published", title="Saint-Lô : le haras ouvre ses écuries")
    renamed.slug = "saint-lo-haras-nouvelle-adresse"
    renamed.save()
    return [world.public, plain, illustrated, renamed]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_framed_story_page_is_the_page_base_html_gives(
    client, both_renderings, prefix, editor, second_editor
):
    with translation.override("fr"):
        paths = [story.get_absolute_url() for story in _stories(editor, second_editor)]
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
    assert len(both_renderings) == len(paths)
    for framed, reference, _template in both_renderings:
        assert framed == reference
        assert SLOT_MARK not in framed and "\x00" not in framed
    # One frame for the language, built at the first page and kept.
    assert len(FRAMES._frames) == 1


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_type_is_framed_as_base_html_gives_it(
    client, both_renderings, prefix, settings
):
    """Lists, search (the query goes back into the search box), the fact-check index,
    site pages, the tip form with its errors, evidence, versions and a withdrawn story."""
    seed_demo(settings)
    page_types = [
        kind
        for kind in every_page_type()
        if not kind.outage and not (prefix and kind.path.startswith(prefix))
    ]
    for kind in page_types:
        send = client.post if kind.post else client.get
        path = prefix + kind.path
        if kind.name == "search-results":
            path += "+%22l%C3%A0%22+<b>&x=%26amp;"  # quotes, a tag and an entity to escape
        response = send(path)
        assert response.status_code == kind.status, path
    templates = {template for _framed, _reference, template in both_renderings}
    # Every public page but the 404 (an error page of its own) went through the frame.
    assert len(templates) == 16
    for framed, reference, template in both_renderings:
        # The tip form's CSRF token is masked anew at each rendering.
        assert CSRF.sub("", framed) == CSRF.sub("", reference), template
        assert frame._fills_slots_only(template), template
        assert SLOT_MARK not in framed and "\x00" not in framed
    # One frame per language served (the demo has an English story).
    assert {language for language, *_where in FRAMES._frames} == (
        {"en"} if prefix else {"fr", "en"}
    )


def test_the_frame_follows_a_change_to_the_site(client):
    story = make_article(status="published")
    first = page(client, story.get_absolute_url()).find("footer", cls="site-footer")
    methodology = SitePage.objects.get(kind=SitePage.Kind.METHODOLOGY)
    assert methodology.title in first.text

    methodology.title = "Comment nous vérifions, pas à pas"
    methodology.save()

    footer = page(client, story.get_absolute_url()).find("footer", cls="site-footer")
    assert "Comment nous vérifions, pas à pas" in footer.text


def test_each_language_gets_its_own_frame(client):
    story = make_article(status="published")
    french = page(client, story.get_absolute_url())
    english = page(client, "/en" + story.get_absolute_url())
    assert french.find("html").attrs["lang"] == "fr"
    assert english.find("html").attrs["lang"] == "en"
    assert french.find("a", cls="skip-link").text != english.find("a", cls="skip-link").text


def test_a_settings_change_builds_a_new_frame(client, settings):
    story = make_article(status="published")
    client.get(story.get_absolute_url())
    settings.SITE_NAME = "La Gazette du Bocage"
    document = page(client, story.get_absolute_url())
    site_name = document.find("meta", property="og:site_name")
    assert site_name.attrs["content"] == "La Gazette du Bocage"


def _story_blocks(story, **card):
    version = views._story_row(story.slug).current_version
    return story_page.blocks(
        {**version.card, **card},
        path=story.get_absolute_url(),
        body="<p>Corps</p>",
        json_ld="",
        authors=[],
        versions=version.number,
        slug=story.slug,
    )


def test_a_text_holding_a_mark_gets_the_page_through_base_html(rf):
    """A mark inside a page's text would cut it wrongly: such a page is rendered as usual."""
    story = make_article(status="published")
    context = {"blocks": _story_blocks(story, title=f"Avant{SLOT_MARK}après")}
    request = rf.get(story.get_absolute_url())
    html = render_in_frame(request, "articles/article_detail.html", context, generation=1)
    assert html == render_to_string("articles/article_detail.html", context, request)
    assert f"Avant{SLOT_MARK}après" in html


def test_blocks_written_in_python_are_joined_into_the_frame_as_base_html_places_them(rf):
    """The story page's blocks (articles/story_page.py) go into the frame's slots as
    text, never cut: a mark in a text stays a text."""
    story = make_article(status="published")
    blocks = _story_blocks(story, title=f"Avant{SLOT_MARK}après <b>")
    request = rf.get(story.get_absolute_url())
    request.user = AnonymousUser()
    html = frame.render_blocks(request, "articles/article_detail.html", blocks).content.decode()
    assert html == render_to_string("articles/article_detail.html", {"blocks": blocks}, request)
    assert f"<title>Avant{SLOT_MARK}après &lt;b&gt; — " in html
    assert FRAMES.get("fr", site_generation()) is not None


def test_blocks_without_a_frame_go_through_base_html(monkeypatch, rf):
    monkeypatch.setattr(frame, "SLOTS", (*frame.SLOTS, "missing"))
    story = make_article(status="published")
    blocks = _story_blocks(story)
    request = rf.get(story.get_absolute_url())
    request.user = AnonymousUser()
    html = frame.render_blocks(request, "articles/article_detail.html", blocks).content.decode()
    assert html == render_to_string("articles/article_detail.html", {"blocks": blocks}, request)
    assert "<p>Corps</p>" in html


def test_a_frame_without_every_slot_is_not_kept(monkeypatch, rf):
    """A frame template that lost a block would put a page's parts in the wrong place."""
    monkeypatch.setattr(frame, "SLOTS", (*frame.SLOTS, "missing"))
    assert frame._frame(rf.get("/"), "fr", 1) is None
    assert FRAMES.get("fr", 1) is None


@pytest.mark.parametrize(
    ("template_name", "framed"),
    [
        ("articles/article_detail.html", True),
        ("articles/tag_detail.html", True),  # base.html's description and opengraph
        ("articles/region_detail.html", True),  # fills head_extra, a slot
        ("404.html", False),  # fills addresses, around two slots
    ],
)
def test_only_a_page_filling_slots_only_is_framed(rf, template_name, framed):
    assert frame._fills_slots_only(template_name) is framed


def test_a_page_that_cannot_be_framed_gets_the_page_base_html_gives(client, rf):
    request = rf.get("/nulle-part/")
    html = render_in_frame(request, "404.html", {}, generation=1)
    assert html == render_to_string("404.html", {}, request)
    assert FRAMES.get("fr", 1) is None  # no frame was even built


@pytest.mark.parametrize("query", ["", "?utm_source=lettre&x=%3Cb%3E"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_story_pages_language_switcher_links_the_story_in_each_language(
    client, both_renderings, prefix, query
):
    """Written once per worker with a stand-in slug (articles/story_page.py): the same
    links as base.html's, the query string kept."""
    make_article(status="published", slug="granville-le-port-de-peche")
    path = "/articles/granville-le-port-de-peche/"
    response = client.get(prefix + path + query)
    assert response.status_code == 200
    [(framed, reference, _template)] = both_renderings
    assert framed == reference
    switcher = parse(framed).find("nav", cls="languages")
    [link] = switcher.find_all("a")
    other = "fr" if prefix else "en"
    assert link.attrs["hreflang"] == other
    assert link.attrs["href"] == {"fr": "", "en": "/en"}[other] + path + query
    assert switcher.find("span", lang="en" if prefix else "fr").attrs["aria-current"] == "true"


def test_the_default_blocks_escape_the_address_and_keep_the_list_position(rf, settings):
    """base.html's defaults, written in Python (newsroom/frame.py `default_blocks`):
    what the reader typed in the address comes back escaped, in every block."""
    settings.SITE_NAME = "Le <Courrier> & Cie"
    settings.SITE_URL = "https://courrier.example"
    request = rf.get('/nulle-part/"><script>alert(1)</script>/', {"x": '"><b>'})
    page = type("Page", (), {"query": "before=2026-11-30T10%3A00%3A00%2B00%3A00_5"})()
    blocks = frame.default_blocks(request, frame.SLOTS, page)
    assert "<script>" not in "".join(blocks.values())
    assert "<b>" not in "".join(blocks.values())
    assert blocks["title"] == "Le &lt;Courrier&gt; &amp; Cie"
    assert blocks["canonical"] == (
        "https://courrier.example/nulle-part/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;/"
        "?before=2026-11-30T10%3A00%3A00%2B00%3A00_5"
    )
    assert 'content="Le &lt;Courrier&gt; &amp; Cie"' in blocks["opengraph"]
    document = parse(f"<head>{blocks['alternates']}</head><nav>{blocks['languages']}</nav>")
    hrefs = [link.attrs["href"] for link in document.find_all("link")]
    assert [link.attrs["hreflang"] for link in document.find_all("link")] == ["fr", "en"]
    assert all("%22%3E%3Cb%3E" in href or "&quot;" not in href for href in hrefs)
    assert document.find("span", lang="fr").attrs["aria-current"] == "true"
    assert document.find("a", lang="en").text == "English"


def test_a_page_without_a_list_has_its_plain_address_for_canonical(rf, settings):
    settings.SITE_URL = "https://courrier.example"
    request = rf.get("/regions/")
    assert frame.default_blocks(request, ["canonical"])["canonical"] == (
        "https://courrier.example/regions/"
    )
    assert frame.default_blocks(request, ["meta", "head_extra", "query"]) == {
        "meta": "",
        "head_extra": "",
        "query": "",
    }


def test_values_kept_by_generation_are_made_again_after_their_time(monkeypatch):
    """A change no signal reports (a QuerySet.update()) shows within max_age."""
    import time

    kept = frame.FrameCache(max_age=300)
    kept.set("", 7, "gardé")
    assert kept.get("", 7) == "gardé"
    assert kept.get("", 8) is None  # the generation moved
    now = time.monotonic()
    monkeypatch.setattr(frame.time, "monotonic", lambda: now + 301)
    assert kept.get("", 7) is None
    assert frame.FrameCache().get("", 7) is None


def test_the_language_links_keep_the_query_without_a_memo_entry_per_query(client):
    """Every search or tracking parameter would otherwise take an entry of the memo."""
    make_article(status="published", slug="vire-le-marche")
    client.get("/tags/")  # any first request
    frame._versions.cache_clear()
    for n in range(5):
        document = page(client, f"/regions/normandie/?utm_source=lettre{n}")
        link = document.find("nav", cls="languages").find("a", lang="en")
        assert link.attrs["href"] == f"/en/regions/normandie/?utm_source=lettre{n}"
    assert frame._versions.cache_info().currsize == 1
