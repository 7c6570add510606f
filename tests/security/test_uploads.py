"""Image uploads in the admin: anything but a sane raster image is a form error, nothing kept."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Author, MediaImage

pytestmark = pytest.mark.django_db


def png(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size=(640, 480)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def bomb():
    """A PNG of a few hundred bytes whose header claims 100,000 × 100,000 pixels.

    Written by hand: Pillow would need gigabytes to make a real one, and a
    validator that decoded it would need them too.
    """

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 200_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)

BAD_FILES = {
    "truncated-jpeg": ("photo.jpg", "image/jpeg", lambda: jpeg()[:2000]),
    "text-renamed": ("photo.jpg", "image/jpeg", lambda: b"Ceci n'est pas une image.\n" * 50),
    "html-renamed": ("photo.png", "image/png", lambda: b"<html><script>alert(1)</script></html>"),
    "pdf-renamed": ("scan.png", "image/png", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"),
    "gif-polyglot": ("anim.gif", "image/gif", lambda: b"GIF89a/*<script>alert(1)</script>*/"),
    "svg": ("logo.svg", "image/svg+xml", lambda: SVG),
    "svg-renamed": ("logo.png", "image/png", lambda: SVG),
    "empty": ("vide.png", "image/png", lambda: b""),
    "decompression-bomb": ("bomb.png", "image/png", bomb),
    "tiff": ("scan.tiff", "image/tiff", lambda: _tiff()),
}


def _tiff():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "TIFF")
    return buffer.getvalue()


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_story_with_image(client, name, content_type, content):
    """Upload to the media library (where every hero image comes from), as its form does."""
    data = {"alt": "La digue de Granville", "caption": "", "credit": ""}
    data.update(focal_x="50", focal_y="50")
    data["image"] = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("admin:articles_mediaimage_add"), data)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_hero_images_are_a_form_error(client, journalist, settings, case):
    """A damaged, disguised, vector or bomb image gets a message next to the field; nothing kept."""
    name, content_type, make = BAD_FILES[case]
    client.force_login(journalist)
    response = post_story_with_image(client, name, content_type, make())
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not MediaImage.objects.exists()
    assert media_files(settings) == []


def test_oversized_image_is_refused_before_decoding(client, journalist, settings):
    """A file over IMAGE_MAX_BYTES (10 MB by default) is refused with its size in the message."""
    client.force_login(journalist)
    big = png() + b"\0" * (settings.IMAGE_MAX_BYTES + 1)
    response = post_story_with_image(client, "huge.png", "image/png", big)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert "10" in errors[0]
    assert not MediaImage.objects.exists()
    assert media_files(settings) == []


def test_too_many_pixels_is_refused(client, journalist, settings):
    """A valid image over IMAGE_MAX_PIXELS is refused, not resized in memory."""
    settings.IMAGE_MAX_PIXELS = 100_000
    client.force_login(journalist)
    response = post_story_with_image(client, "wide.jpg", "image/jpeg", jpeg((800, 600)))
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert media_files(settings) == []


def test_bad_author_photo_is_a_form_error(client, editor, settings):
    """The author photo follows the same rules as a hero image."""
    client.force_login(editor)
    author = Author.objects.get(user=editor)
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = {
        "name": author.name,
        "slug": author.slug,
        "user": str(editor.pk),
        "job_title": "",
        "biography": "",
        "expertise": "",
        "email": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "photo": SimpleUploadedFile("portrait.svg", SVG, content_type="image/svg+xml"),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "photo" in response.context["adminform"].form.errors
    author.refresh_from_db()
    assert not author.photo
    assert media_files(settings) == []


def test_a_sane_image_is_accepted(client, journalist, settings):
    """A real JPEG goes through, so the refusals above are about the files, not the form."""
    client.force_login(journalist)
    response = post_story_with_image(client, "digue.jpg", "image/jpeg", jpeg())
    assert response.status_code == 302
    assert MediaImage.objects.get().image
    assert media_files(settings)
