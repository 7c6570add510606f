"""Accessibility basics on every public page, in both languages."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles.models import SitePage
from tests.factories import library_image, refreeze, with_hero
from tests.reader_site import build_world, page

pytestmark = pytest.mark.django_db

FIELD_TAGS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (10, 80, 140)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def urls(db):
    """Every public HTML page, with pictures on the story and the author page."""
    world = build_world()
    story = world.public
    with_hero(story, library_image("hero.png", alt="Le bassin de Granville à marée basse"))
    world.author.photo.save("portrait.png", _png(), save=True)
    refreeze(story)
    paths = [
        "/",
        story.get_absolute_url(),
        world.hidden["withdrawn"].get_absolute_url(),
        "/regions/",
        "/regions/normandie/",
        "/tags/marees/",
        world.author.get_absolute_url(),
        "/verifications/",
        "/recherche/",
        "/recherche/?q=bassin",
        "/recherche/?q=%25%25",
        "/corrections/",
        *[site_page.get_absolute_url() for site_page in SitePage.objects.all()],
    ]
    return [prefix + path for path in paths for prefix in ("", "/en")]


def status_of(url):
    return 410 if "cachee-withdrawn" in url else 200


def test_exactly_one_h1(client, urls):
    """Every page has exactly one main heading."""
    for url in urls:
        assert len(page(client, url, status_of(url)).find_all("h1")) == 1, url


def test_skip_link_and_main_landmark(client, urls):
    """Every page starts with a skip link to <main id="contenu">."""
    for url in urls:
        document = page(client, url, status_of(url))
        links = document.find_all("a")
        assert links[0].attrs["href"] == "#contenu", url
        mains = document.find_all("main")
        assert len(mains) == 1 and mains[0].attrs.get("id") == "contenu", url


def test_language_is_declared(client, urls):
    """Every page declares its language on <html>: fr at the root, en under /en/."""
    for url in urls:
        lang = page(client, url, status_of(url)).find("html").attrs.get("lang")
        assert lang == ("en" if url.startswith("/en/") else "fr"), url


def test_every_image_has_alt_text(client, urls):
    """Every image, the story's hero and the author's portrait included, has alternative text;
    only a decorative one (the logo beside the site's name, in the same link) has an empty one."""
    images = 0
    for url in urls:
        for image in page(client, url, status_of(url)).find_all("img"):
            images += 1
            assert "alt" in image.attrs, (url, image)
            if not image.attrs["alt"].strip():
                assert image.parent.tag == "a" and image.parent.text.strip(), (url, image)
    assert images >= 4  # hero and portraits in both languages: the check looked at real images


def test_every_form_field_has_a_label(client, urls):
    """Every search box and filter has a <label for> matching its id."""
    fields = 0
    for url in urls:
        document = page(client, url, status_of(url))
        label_targets = {label.attrs.get("for") for label in document.find_all("label")}
        for node in document.iter():
            if node.tag not in FIELD_TAGS:
                continue
            if node.attrs.get("type") in UNLABELLED_INPUT_TYPES:
                continue
            fields += 1
            assert node.attrs.get("id") in label_targets, (url, node)
    assert fields >= len(urls)  # at least the header search box on each page


def test_ids_are_unique(client, urls):
    """No id appears twice on a page, so labels and anchors point at one element."""
    for url in urls:
        ids = [
            node.attrs["id"]
            for node in page(client, url, status_of(url)).iter()
            if "id" in node.attrs
        ]
        assert len(ids) == len(set(ids)), url


def test_headings_do_not_skip_levels(client, urls):
    """Headings go down one level at a time (h1, h2, h3), so screen-reader outlines make sense."""
    for url in urls:
        levels = [
            int(node.tag[1])
            for node in page(client, url, status_of(url)).iter()
            if node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
        ]
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (url, levels)


def _luminance(hex_color):
    def channel(value):
        c = int(value, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(hex_color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one, other):
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_focus_ring_stands_out_on_every_background_of_the_stylesheet():
    """The keyboard focus ring has at least 3:1 contrast on each light background the
    site uses (page, claim boxes, notices, highlights): WCAG 1.4.11."""
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    variables = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", css))

    def color(value):
        value = value.strip()
        if value.startswith("var("):
            return variables[value[4:-1].strip()]
        return value

    ring = re.search(r":focus-visible\s*{[^}]*outline:\s*\S+\s+solid\s+([^;]+);", css)
    assert ring, "no focus ring in site.css"
    ring_color = color(ring.group(1))
    backgrounds = {
        color(value) for value in re.findall(r"background:\s*(#[0-9a-fA-F]{6}|var\([^)]+\))", css)
    }
    light = {value for value in backgrounds if _luminance(value) > 0.5}
    assert len(light) >= 4  # page, claim box, notice, corrections box, highlight
    for background in light:
        assert _contrast(ring_color, background) >= 3, (ring_color, background)
