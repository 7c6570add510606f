"""Featured images: read from a local copy or fetched from public addresses only."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation
from PIL import Image

from articles.models import Article
from imports.media import LocalMedia, MediaError, RemoteMedia, public_address
from imports.services import WordPressImport
from tests.imports.wxr import export, item

pytestmark = pytest.mark.django_db

UPLOADS = "https://ancien-site.example/wp-content/uploads"


def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def with_thumbnail(url, alt="Le pont de Caen sous l'eau", caption="Photo de la rédaction"):
    return export(
        item(50, "Le pont", meta={"_thumbnail_id": "51"}, slug="le-pont"),
        item(
            51,
            "pont-caen",
            post_type="attachment",
            status="inherit",
            excerpt=caption,
            attachment_url=url,
            meta={"_wp_attachment_image_alt": alt},
        ),
    )


def run(tmp_path, text, user, media):
    path = tmp_path / "export.xml"
    path.write_text(text)
    with translation.override("en"):  # the report's reasons, read in English here
        return WordPressImport(path=path, user=user, media=media).run()


def test_a_featured_image_from_the_media_dir_becomes_the_hero(tmp_path, superuser, client):
    """The attachment's file, alt text and caption become the story's hero image,
    even when the attachment comes after the post in the export."""
    uploads = tmp_path / "uploads" / "2019" / "03"
    uploads.mkdir(parents=True)
    (uploads / "pont.png").write_bytes(png_bytes())
    report = run(
        tmp_path,
        with_thumbnail(f"{UPLOADS}/2019/03/pont.png"),
        superuser,
        LocalMedia(tmp_path / "uploads"),
    )
    story = Article.objects.get(slug="le-pont")
    assert story.hero_image.name.endswith(".png")
    assert story.hero_alt == "Le pont de Caen sous l'eau"
    assert story.hero_caption == "Photo de la rédaction"
    assert story.hero_width == 64
    assert report.counts[("image", "imported")] == 1
    page = client.get("/articles/le-pont/").content.decode()
    assert 'alt="Le pont de Caen sous l&#x27;eau"' in page


def test_a_file_that_is_not_an_image_is_refused_and_the_story_kept(tmp_path, superuser):
    """The media pipeline's validation applies: a renamed text file is no hero."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "faux.png").write_text("<?php echo 1; ?>")
    report = run(tmp_path, with_thumbnail(f"{UPLOADS}/faux.png"), superuser, LocalMedia(uploads))
    story = Article.objects.get(slug="le-pont")
    assert not story.hero_image
    assert report.counts[("image", "failed")] == 1
    assert story.status == "published"


def test_an_image_without_alt_text_is_not_used(tmp_path, superuser):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "pont.png").write_bytes(png_bytes())
    report = run(
        tmp_path,
        with_thumbnail(f"{UPLOADS}/pont.png", alt="", caption="").replace(
            "<title>pont-caen</title>", "<title></title>"
        ),
        superuser,
        LocalMedia(uploads),
    )
    assert not Article.objects.get(slug="le-pont").hero_image
    assert any("alternative text" in why for _l, _o, why in report.problems)


@pytest.mark.parametrize(
    "url", ["https://x.example/wp-content/uploads/../../secret.png", "/../../etc/passwd"]
)
def test_the_media_dir_is_never_left(tmp_path, url):
    (tmp_path / "secret.png").write_bytes(png_bytes())
    uploads = tmp_path / "a" / "b"
    uploads.mkdir(parents=True)
    with pytest.raises(MediaError):
        LocalMedia(uploads).read(url)


def test_an_attachment_pointing_nowhere_is_reported(tmp_path, superuser):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    text = export(item(50, "Le pont", meta={"_thumbnail_id": "999"}, slug="le-pont"))
    report = run(tmp_path, text, superuser, LocalMedia(uploads))
    assert Article.objects.get(slug="le-pont").status == "published"
    assert any("no attachment" in why for _l, _o, why in report.problems)


# --- fetching -------------------------------------------------------------------


@pytest.fixture
def image_server():
    """A local web server: /pont.png, /grand.png (too large), /vers-interne (redirect)."""
    body = png_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/pont.png":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/grand.png":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"x" * 4096)
            elif self.path == "/vers-interne":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetched_images_come_through_the_validation(tmp_path, superuser, image_server):
    """--fetch-media downloads the featured image (a local server, allowed for the test)."""
    media = RemoteMedia(allowed_networks=["127.0.0.1/32"])
    run(tmp_path, with_thumbnail(f"{image_server}/pont.png"), superuser, media)
    assert Article.objects.get(slug="le-pont").hero_width == 64


def test_private_addresses_are_never_requested(tmp_path, superuser, image_server):
    """Without the test's allowance, loopback is refused before any connection."""
    report = run(tmp_path, with_thumbnail(f"{image_server}/pont.png"), superuser, RemoteMedia())
    assert not Article.objects.get(slug="le-pont").hero_image
    assert any("non-public address" in why for _l, _o, why in report.problems)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.0.0.8", "192.168.1.1", "169.254.169.254", "[::1]", "[fe80::1]", "0.0.0.0"],  # noqa: S104
)
def test_every_private_kind_of_address_is_refused(host):
    with pytest.raises(MediaError, match="non-public"):
        RemoteMedia().read(f"http://{host}/image.png")


def test_a_redirect_to_a_private_address_is_refused(image_server):
    media = RemoteMedia(allowed_networks=["127.0.0.1/32"])
    with pytest.raises(MediaError, match="non-public"):
        media.read(f"{image_server}/vers-interne")


def test_downloads_are_capped_in_size(settings, image_server):
    settings.IMAGE_MAX_BYTES = 1024
    with pytest.raises(MediaError, match="larger than"):
        RemoteMedia(allowed_networks=["127.0.0.1/32"]).read(f"{image_server}/grand.png")


def test_only_http_addresses_are_fetched():
    for url in ("file:///etc/passwd", "ftp://example.org/a.png", "http://user:pw@example.org/"):
        with pytest.raises(MediaError):
            RemoteMedia().read(url)


def test_a_public_address_passes_the_check(monkeypatch):
    monkeypatch.setattr(
        "socket.getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("93.184.215.14", 80))]
    )
    assert public_address("exemple.fr", 80) == "93.184.215.14"


def test_an_attachment_featured_by_two_posts_is_one_library_image(tmp_path, superuser):
    """Two posts with the same featured image share one media library image (one file)."""
    from articles.models import MediaImage

    uploads = tmp_path / "uploads" / "2019" / "03"
    uploads.mkdir(parents=True)
    (uploads / "pont.png").write_bytes(png_bytes())
    text = export(
        item(50, "Le pont", meta={"_thumbnail_id": "51"}, slug="le-pont"),
        item(52, "Le pont, suite", meta={"_thumbnail_id": "51"}, slug="le-pont-suite"),
        item(
            51,
            "pont-caen",
            post_type="attachment",
            status="inherit",
            attachment_url=f"{UPLOADS}/2019/03/pont.png",
            meta={"_wp_attachment_image_alt": "Le pont de Caen sous l'eau"},
        ),
    )
    run(tmp_path, text, superuser, LocalMedia(tmp_path / "uploads"))
    image = MediaImage.objects.get()
    assert set(image.stories.values_list("slug", flat=True)) == {"le-pont", "le-pont-suite"}
    assert image.alt == "Le pont de Caen sous l'eau"
