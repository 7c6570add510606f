"""Image uploads: only sane raster images pass, renditions are made once."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, MediaImage
from newsroom.images import rendition_name, validate_image_upload
from tests.admin_forms import article_post_data
from tests.factories import library_image
from tests.tasks import run_tasks


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_accepted_formats(fmt):
    """JPEG, PNG, WebP and GIF images are accepted."""
    validate_image_upload(upload(f"a.{fmt.lower()}", image_bytes(fmt)))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.png", b"this is not an image at all", "image_invalid"),
        ("truncated.png", image_bytes()[:60], "image_invalid"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image_invalid",
        ),
        ("photo.bmp", image_bytes("BMP"), "image_format"),
        ("photo.tiff", image_bytes("TIFF"), "image_format"),
    ],
)
def test_refused_files(name, content, code):
    """Non-images, damaged images, SVG and unusual formats are refused with a reason."""
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload(name, content))
    assert error.value.code == code


def test_too_many_bytes(settings):
    """A file over the size limit is refused before it is decoded."""
    settings.IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("big.png", image_bytes(size=(200, 200))))
    assert error.value.code == "image_too_large"


def test_too_many_pixels(settings):
    """An image with more pixels than the limit is refused (a decompression bomb)."""
    settings.IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("wide.png", image_bytes(size=(100, 100))))
    assert error.value.code == "image_too_many_pixels"


def test_decompression_bomb_is_refused():
    """A tiny PNG that claims a gigantic canvas is refused without decoding it."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # ~ 50 kB on disk, 400 MP
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("bomb.png", buffer.getvalue()))
    assert error.value.code in {"image_too_many_pixels", "image_bomb"}


def library_post(client, file, **fields):
    data = {"alt": "", "caption": "", "credit": "", "focal_x": "50", "focal_y": "50"}
    return client.post(reverse("admin:articles_mediaimage_add"), {**data, **fields, "image": file})


@pytest.mark.django_db
def test_admin_shows_image_errors_next_to_the_field(client, superuser):
    """Uploading a text file to the media library gives a form error and saves nothing."""
    client.force_login(superuser)
    response = library_post(
        client, upload("photo.jpg", b"not an image", "image/jpeg"), alt="Une photo"
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not MediaImage.objects.exists()


@pytest.mark.django_db
def test_image_needs_alt_text(client, superuser):
    """An upload without alternative text is refused with a message and stores no file."""
    from django.core.files.storage import default_storage

    client.force_login(superuser)
    response = library_post(client, upload("photo.png", image_bytes(size=(1200, 800))))
    assert response.status_code == 200
    assert "alt" in response.context["adminform"].form.errors
    assert not MediaImage.objects.exists()
    assert not default_storage.exists("media")


@pytest.mark.django_db
def test_renditions_are_made_once_and_served_in_srcset(client, superuser, settings):
    """A library image gets WebP renditions at each smaller width and its own, listed in srcset."""
    from django.core.files.storage import default_storage

    client.force_login(superuser)
    response = library_post(
        client, upload("rocade.png", image_bytes(size=(1200, 800))), alt="La rocade sous l'eau"
    )
    assert response.status_code == 302
    run_tasks()
    image = MediaImage.objects.get()
    assert (image.width, image.height) == (1200, 800)
    widths = [width for _url, width in image.renditions]
    assert widths == [480, 960, 1200]  # the largest is the original width, stripped
    for width in widths:
        name = rendition_name(image.image.name, width)
        assert default_storage.exists(name)
        with default_storage.open(name) as handle, Image.open(handle) as rendition:
            assert rendition.format == "WEBP" and rendition.width == width


@pytest.mark.django_db
def test_story_with_an_image_can_be_saved_again(client, superuser):
    """Changing only the introduction of an illustrated story saves it (no 500)."""
    client.force_login(superuser)
    hero = library_image("rocade.jpg", alt="La rocade sous l'eau")
    data = article_post_data(fields={"hero": hero.pk})
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.hero == hero
    data = article_post_data(
        fields={
            "hero": hero.pk,
            "introduction": "La rocade nord a rouvert jeudi matin.",
            "loaded_version": article.version,
        }
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.introduction == "La rocade nord a rouvert jeudi matin."
    assert article.hero_image.name.endswith(".jpg")


@pytest.mark.django_db
def test_author_with_a_photo_can_be_saved_again(client, superuser):
    """Changing an author's job title keeps their photo and saves."""
    from articles.models import Author

    client.force_login(superuser)
    data = {
        "name": "Inès Caradec",
        "slug": "ines-caradec",
        "job_title": "Journaliste",
        "biography": "",
        "expertise": "",
        "email": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "photo": upload("ines.jpg", image_bytes("JPEG", (600, 800)), "image/jpeg"),
    }
    assert client.post(reverse("admin:articles_author_add"), data).status_code == 302
    run_tasks()
    author = Author.objects.get(slug="ines-caradec")
    data.pop("photo")
    data["job_title"] = "Cheffe d'édition"
    url = reverse("admin:articles_author_change", args=[author.pk])
    assert client.post(url, data).status_code == 302
    author.refresh_from_db()
    assert author.job_title == "Cheffe d'édition" and author.photo
