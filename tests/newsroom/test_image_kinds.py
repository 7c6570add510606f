"""Every kind of photo a newsroom gets, made here, through the rendition pipeline.

Each test builds its own synthetic file (nothing downloaded) and checks what
readers get: the renditions' pixels, sizes, frame count, colour profile, and
that no metadata (EXIF, GPS, camera serial, XMP) reaches anything served.
"""

import io
import json
import re
from pathlib import Path

import pytest
import pyvips
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms

from articles import record
from articles.models import Article, Author, MediaImage, Status
from newsroom.images import (
    crop_name,
    make_renditions,
    rendition_name,
    square_name,
    validate_image_upload,
)
from tests.factories import make_article, refreeze
from tests.tasks import run_tasks

SERIAL = "SN-4417-CAEN"
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:li>{SERIAL}-XMP</rdf:li></x:xmpmeta>'


def exif_with_secrets(orientation=1):
    """EXIF with a GPS position (Mont-Saint-Michel), camera model and body serial number."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "Reflex Normand 5D"
    exif[0xA431] = SERIAL  # BodySerialNumber
    exif[0x8825] = {1: "N", 2: (48.0, 38.0, 10.0), 3: "W", 4: (1.0, 30.0, 41.0)}
    return exif.tobytes()


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def halves(mode, size, left, right):
    """An image in `mode`: `left` colour on the left half, `right` on the right half."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def stored(name):
    with default_storage.open(name) as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def hero(name, data):
    """An unsaved library image whose file is `data`, stored as `name`."""
    saved = default_storage.save(f"media/test/{name}", SimpleUploadedFile(name, data))
    return MediaImage(image=saved)


def library_data(**fields):
    """The media library's add form, filled with `fields`."""
    return {"alt": "", "caption": "", "credit": "", "focal_x": "50", "focal_y": "50", **fields}


def assert_no_metadata(data, image):
    assert not image.getexif(), "EXIF left in a rendition"
    assert "xmp" not in image.info and b"<x:xmpmeta" not in data
    assert SERIAL.encode() not in data and b"Reflex Normand" not in data
    assert b"Exif\0\0" not in data and b"EXIF" not in data


def close(actual, expected, tolerance=12):
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


# --- Orientation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_exif_rotated_photo_is_a_portrait_everywhere(client, superuser):
    """A 2000×1000 JPEG with Orientation=6 is a 1000×2000 portrait: stored size, renditions,
    <img width height>, srcset widths and JSON-LD all say so, and the pixels are turned."""
    # Stored sideways: red on top, blue below. Turned a quarter clockwise, red is on the right.
    sideways = Image.new("RGB", (2000, 1000), (220, 20, 20))
    sideways.paste((20, 20, 220), (0, 500, 2000, 1000))
    data = encode(sideways, "JPEG", quality=90, exif=exif_with_secrets(orientation=6))
    client.force_login(superuser)
    post = library_data(alt="Le pont de Tancarville vu du bas")
    post["image"] = SimpleUploadedFile("pont.jpg", data, content_type="image/jpeg")
    assert client.post(reverse("admin:articles_mediaimage_add"), post).status_code == 302
    run_tasks()
    article = make_article(hero=MediaImage.objects.get())
    assert (article.hero_width, article.hero_height) == (1000, 2000)
    assert [w for _url, w in article.hero_renditions] == [480, 960, 1000]
    for width in (480, 960, 1000):
        image, rendition = stored(rendition_name(article.hero_image.name, width))
        assert image.size == (width, width * 2)
        assert close(image.getpixel((width * 3 // 4, width)), (220, 20, 20))
        assert close(image.getpixel((width // 4, width)), (20, 20, 220))
        assert_no_metadata(rendition, image)

    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at="2026-11-20T08:00:00Z"
    )
    refreeze(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'width="1000" height="2000"' in page
    assert " 1000w" in page and " 1600w" not in page
    graph = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    story = next(item for item in graph["@graph"] if "image" in item)
    first = story["image"][0]
    assert (first["width"]["value"], first["height"]["value"]) == (1000, 2000)


# --- Every mode Pillow can open ------------------------------------------------------

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def paletted_with_transparency():
    """A palette image: index 0 red on the left, index 1 (transparent) on the right."""
    image = halves("P", (200, 100), 0, 1)
    image.putpalette([200, 30, 30, 30, 30, 200])
    return image


# (case, make the file, expected colour left, right, alpha left, right)
MODES = {
    "1": (lambda: encode(halves("1", (200, 100), 0, 1), "PNG"), BLACK, WHITE, None, None),
    "L": (
        lambda: encode(halves("L", (200, 100), 40, 200), "PNG"),
        (40,) * 3,
        (200,) * 3,
        None,
        None,
    ),
    "LA": (
        lambda: encode(halves("LA", (200, 100), (90, 255), (90, 0)), "PNG"),
        (90,) * 3,
        None,
        255,
        0,
    ),
    "P": (
        lambda: encode(halves("RGB", (200, 100), (200, 30, 30), (30, 160, 30)).convert("P"), "PNG"),
        (200, 30, 30),
        (30, 160, 30),
        None,
        None,
    ),
    "P-transparent": (
        lambda: encode(paletted_with_transparency(), "PNG", transparency=1),
        (200, 30, 30),
        None,
        255,
        0,
    ),
    "RGB": (
        lambda: encode(halves("RGB", (200, 100), (200, 30, 30), (30, 30, 200)), "PNG"),
        (200, 30, 30),
        (30, 30, 200),
        None,
        None,
    ),
    "RGBA": (
        lambda: encode(halves("RGBA", (200, 100), (200, 30, 30, 255), (30, 30, 200, 128)), "PNG"),
        (200, 30, 30),
        (30, 30, 200),
        255,
        128,
    ),
    "CMYK-JPEG": (
        lambda: encode(halves("CMYK", (200, 100), (0, 255, 255, 0), (255, 255, 0, 0)), "JPEG"),
        (230, 30, 40),
        (40, 50, 140),
        None,
        None,
    ),
    "RGB-WebP": (
        lambda: encode(halves("RGB", (200, 100), (200, 30, 30), (30, 30, 200)), "WEBP"),
        (200, 30, 30),
        (30, 30, 200),
        None,
        None,
    ),
    "RGBA-WebP": (
        lambda: encode(
            halves("RGBA", (200, 100), (200, 30, 30, 255), (30, 30, 200, 0)), "WEBP", lossless=True
        ),
        (200, 30, 30),
        None,
        255,
        0,
    ),
    "P-GIF": (
        lambda: encode(halves("RGB", (200, 100), (200, 30, 30), (30, 30, 200)), "GIF"),
        (200, 30, 30),
        (30, 30, 200),
        None,
        None,
    ),
}


@pytest.fixture
def small_widths(settings):
    settings.IMAGE_RENDITION_WIDTHS = (64, 128)
    settings.IMAGE_CROP_WIDTH = 80


@pytest.mark.parametrize("case", sorted(MODES))
def test_every_mode_becomes_an_8_bit_srgb_rendition(case, small_widths):
    """1, L, LA, P (with and without transparency), RGB, RGBA, CMYK, WebP and GIF: the
    WebP renditions keep colours and transparency."""
    make, left, right, alpha_left, alpha_right = MODES[case]
    data = make()
    validate_image_upload(SimpleUploadedFile("photo", data))
    picture = hero(f"{case}.img", data)
    make_renditions(picture.image)
    image, rendition = stored(rendition_name(picture.image.name, 128))
    assert image.format == "WEBP" and image.size == (128, 64)
    rgba = image.convert("RGBA")
    for x, colour, alpha in ((24, left, alpha_left), (104, right, alpha_right)):
        pixel = rgba.getpixel((x, 32))
        if colour is not None:
            assert close(pixel[:3], colour, 40 if case == "CMYK-JPEG" else 12), (x, pixel)
        assert pixel[3] == (255 if alpha is None else alpha) or abs(pixel[3] - alpha) <= 2
    assert_no_metadata(rendition, image)


@pytest.mark.parametrize("bands", ["I;16", "RGB16"])
def test_16_bit_png_is_not_white(bands, small_widths):
    """A 16-bit PNG (grey I;16 or 48-bit RGB), a 0→65535 gradient, stays a gradient."""
    if bands == "I;16":
        values = b"".join((x * 65535 // 199).to_bytes(2, "little") for x in range(200)) * 100
        data = encode(Image.frombytes("I;16", (200, 100), values), "PNG")
        assert Image.open(io.BytesIO(data)).mode == "I;16"
    else:
        ramp = pyvips.Image.xyz(200, 100)[0] * (65535 / 199)
        data = (
            ramp.bandjoin([ramp, ramp])
            .cast("ushort")
            .copy(interpretation="rgb16")
            .pngsave_buffer(bitdepth=16)
        )
    validate_image_upload(SimpleUploadedFile("gradient.png", data))
    picture = hero("gradient.png", data)
    make_renditions(picture.image)
    image, _data = stored(rendition_name(picture.image.name, 128))
    grey = image.convert("L")
    assert grey.getpixel((1, 32)) < 20
    assert 100 < grey.getpixel((64, 32)) < 156
    assert grey.getpixel((126, 32)) > 235


@pytest.mark.parametrize("mode", ["I", "F"])
def test_modes_no_accepted_format_can_hold_are_refused_by_format(mode):
    """32-bit integer and float images only come as TIFF: refused with the format's name."""
    data = encode(Image.new(mode, (20, 20)), "TIFF")
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("scan.tiff", data))
    assert error.value.code == "image_format"


# --- Colour profiles -------------------------------------------------------------------


def p3_profile():
    """The Display P3 ICC profile that libvips ships (phones tag their photos with it)."""
    pixel = (pyvips.Image.black(1, 1, bands=3) + [1, 2, 3]).cast("uchar")
    tagged = pixel.copy(interpretation="srgb").icc_transform("p3", embedded=False)
    return tagged.get("icc-profile-data")


def profile_name(image):
    profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
    return ImageCms.getProfileDescription(profile)


@pytest.mark.parametrize("profile", ["p3", "srgb"])
def test_colour_is_converted_to_srgb(profile, small_widths):
    """A Display P3 photo is converted (not just untagged); an sRGB one keeps its colours.
    Both renditions carry an sRGB profile."""
    colour = (50, 200, 60)
    icc = (
        p3_profile()
        if profile == "p3"
        else ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    )
    data = encode(Image.new("RGB", (200, 100), colour), "JPEG", quality=95, icc_profile=icc)
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    if profile == "p3":
        assert not close(expected, colour, 20), "the test colour must be outside sRGB"
    picture = hero(f"{profile}.jpg", data)
    make_renditions(picture.image)
    image, _data = stored(rendition_name(picture.image.name, 128))
    assert close(image.getpixel((64, 32)), expected, 10)
    assert "sRGB" in profile_name(image)


# --- Animation -------------------------------------------------------------------------


def test_animated_gif_stays_animated(small_widths):
    """A 3-frame GIF gives animated WebP renditions with its 3 frames, in order; the crops
    are stills of the first frame."""
    colours = [(220, 20, 20), (20, 200, 20), (20, 20, 220)]
    frames = [Image.new("RGB", (200, 100), colour) for colour in colours]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    validate_image_upload(SimpleUploadedFile("anim.gif", data))
    picture = hero("anim.gif", data)
    make_renditions(picture.image, crops=("16x9",))
    image, _data = stored(rendition_name(picture.image.name, 128))
    assert image.n_frames == 3 and image.size == (128, 64)
    for index, colour in enumerate(colours):
        image.seek(index)
        assert close(image.convert("RGB").getpixel((64, 32)), colour)
    still, _data = stored(crop_name(picture.image.name, "16x9", (50, 50)))
    assert getattr(still, "n_frames", 1) == 1


def test_animation_frames_count_against_the_pixel_limit(settings):
    """An animation's limit counts every frame (IMAGE_MAX_ANIMATION_PIXELS)."""
    settings.IMAGE_MAX_ANIMATION_PIXELS = 50_000
    frames = [Image.new("RGB", (200, 100), (i * 40, 0, 0)) for i in range(3)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("anim.gif", data))
    assert error.value.code == "image_too_many_pixels"
    assert "3" in str(error.value.messages[0])


# --- HEIC ----------------------------------------------------------------------------------


def heic_bytes():
    """The start of an iPhone HEIC file: an ISO-BMFF `ftyp` box with the heic brand."""
    ftyp = b"ftypheic\x00\x00\x00\x00mif1heic"
    return (len(ftyp) + 4).to_bytes(4, "big") + ftyp + b"\x00" * 200


@pytest.mark.django_db
def test_heic_is_refused_saying_jpeg_is_accepted(client, journalist, settings):
    """A phone's HEIC gets a message naming HEIC and JPEG, not "damaged"; nothing kept."""
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile("IMG_0042.HEIC", heic_bytes()))
    assert error.value.code == "image_heif"
    client.force_login(journalist)
    post = library_data(alt="La halle de Dives-sur-Mer")
    post["image"] = SimpleUploadedFile("IMG_0042.HEIC", heic_bytes(), "image/heic")
    response = client.post(reverse("admin:articles_mediaimage_add"), post)
    assert response.status_code == 200
    message = response.context["adminform"].form.errors["image"][0]
    assert "HEIC" in message and "JPEG" in message
    assert not MediaImage.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# --- Nothing served carries metadata; the original is never linked ------------------------


@pytest.mark.django_db
def test_published_story_serves_no_metadata_and_never_the_original(client, journalist):
    """GPS, camera model, serial number and XMP are in the upload and in nothing served:
    not in the renditions or crops, and the page, og:image and JSON-LD link only those."""
    upload = halves("RGB", (1800, 1200), (200, 30, 30), (30, 30, 200))
    data = encode(upload, "JPEG", quality=90, exif=exif_with_secrets(), xmp=XMP.encode())
    article = make_article(
        status=Status.PUBLISHED,
        author=journalist,
        hero_image=SimpleUploadedFile("digue.jpg", data, "image/jpeg"),
        hero_alt="La digue de Granville à marée haute",
    )
    original = article.hero_image.url
    page = client.get(article.get_absolute_url()).content.decode()
    assert original not in page
    media_urls = set(re.findall(r"/media/[^\s\"'<>,]+", page))
    assert media_urls and all(url.startswith("/media/renditions/") for url in media_urls)
    og = re.search(r'property="og:image" content="([^"]+)"', page).group(1)
    assert "/media/renditions/" in og and "-16x9-" in og
    version = article.current_version
    assert original not in version.json_ld and original not in json.dumps(version.card)
    for url in media_urls:
        name = url.removeprefix("/media/")
        image, rendition = stored(name)
        assert_no_metadata(rendition, image)


# --- Crops around the focal point --------------------------------------------------------


@pytest.mark.django_db
def test_crops_follow_the_focal_point_and_are_bound_to_the_record(client, journalist):
    """16:9, 4:3 and 1:1 crops are cut around the focal point, listed with their true sizes
    in JSON-LD; moving the focal point changes the story content (and its hash)."""
    # Blue left half, red right half: a crop centred at 80 % of the width is all red.
    data = encode(halves("RGB", (2000, 1000), (30, 30, 200), (200, 30, 30)), "PNG")
    article = make_article(
        status=Status.PUBLISHED,
        author=journalist,
        hero_image=SimpleUploadedFile("marais.png", data, "image/png"),
        hero_alt="Le marais du Cotentin",
        hero_focal_x=80,
    )
    graph = json.loads(article.current_version.json_ld)
    images = next(item for item in graph["@graph"] if "image" in item)["image"]
    assert [(i["width"]["value"], i["height"]["value"]) for i in images] == [
        (1600, 800),
        (1200, 675),
        (1200, 900),
        (1000, 1000),
    ]
    for listed in images[1:]:
        name = listed["url"].split("/media/", 1)[1]
        image, _data = stored(name)
        assert image.size == (listed["width"]["value"], listed["height"]["value"])
    square, _data = stored(crop_name(article.hero_image.name, "1x1", (80, 50)))
    assert close(square.getpixel((10, 500)), (200, 30, 30))
    assert close(square.getpixel((990, 500)), (200, 30, 30))
    content = record.story_content(article)
    assert content["article"]["hero"]["focal_point"] == [80, 50]
    before = record.content_hash(content)
    MediaImage.objects.filter(pk=article.hero_id).update(focal_x=20)
    assert record.live_hash(article) != before


@pytest.mark.django_db
def test_focal_point_is_set_in_the_admin(client, superuser):
    """The library form sets the focal point; the crops follow it; 101 % is a form error."""
    client.force_login(superuser)
    post = library_data(alt="Les falaises d'Étretat", focal_x="25", focal_y="10")
    data = encode(halves("RGB", (1600, 900), (30, 30, 200), (200, 30, 30)), "PNG")
    post["image"] = SimpleUploadedFile("falaises.png", data, "image/png")
    assert client.post(reverse("admin:articles_mediaimage_add"), post).status_code == 302
    run_tasks()
    image = MediaImage.objects.get()
    assert image.focal == (25, 10)
    assert default_storage.exists(crop_name(image.image.name, "1x1", (25, 10)))
    post["focal_x"] = "101"
    post["image"] = SimpleUploadedFile("falaises.png", data, "image/png")
    response = client.post(reverse("admin:articles_mediaimage_add"), post)
    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors


# --- Author photos ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_author_photo_is_a_small_square(client, journalist):
    """A 600×900 portrait becomes 96 and 192 px squares; the story's author box links those,
    never the uploaded original."""
    author = Author.objects.get(user=journalist)
    portrait = Image.new("RGB", (600, 900), (240, 220, 200))
    author.photo = SimpleUploadedFile(
        "portrait.jpg", encode(portrait, "JPEG", exif=exif_with_secrets()), "image/jpeg"
    )
    author.save()
    run_tasks()
    for size in (96, 192):
        image, data = stored(square_name(author.photo.name, size))
        assert image.size == (size, size)
        assert_no_metadata(data, image)
    article = make_article(status=Status.PUBLISHED, author=author)
    page = client.get(article.get_absolute_url()).content.decode()
    assert square_name(author.photo.name, 96) in page
    assert author.photo.url not in page
    profile = client.get(author.get_absolute_url()).content.decode()
    assert square_name(author.photo.name, 192) in profile and author.photo.url not in profile


# --- Regeneration ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_regenerate_command_remakes_missing_renditions(journalist, settings):
    data = encode(halves("RGB", (1000, 500), (30, 30, 200), (200, 30, 30)), "PNG")
    article = make_article(
        author=journalist,
        hero_image=SimpleUploadedFile("baie.png", data, "image/png"),
        hero_alt="La baie de Seine",
    )
    name = rendition_name(article.hero_image.name, 480)
    default_storage.delete(name)
    settings.IMAGE_RENDITION_WIDTHS = (300, 480, 1600)
    out = io.StringIO()
    call_command("regenerate_renditions", stdout=out)
    assert default_storage.exists(name)
    assert default_storage.exists(rendition_name(article.hero_image.name, 300))


@pytest.mark.django_db
def test_prune_removes_files_nothing_uses_but_keeps_what_versions_link(journalist):
    """--prune deletes a file no library image, author or version uses; a library image a
    published version links keeps its files after the story moves to another image."""
    first = encode(halves("RGB", (800, 400), (30, 30, 200), (200, 30, 30)), "PNG")
    stray = default_storage.save("media/2020/01/perdue.png", SimpleUploadedFile("p.png", first))
    published = make_article(
        status=Status.PUBLISHED,
        author=journalist,
        hero_image=SimpleUploadedFile("publiee.png", first, "image/png"),
        hero_alt="Publiée",
    )
    linked = [published.hero_image.name, rendition_name(published.hero_image.name, 480)]
    call_command("regenerate_renditions", "--prune", stdout=io.StringIO())
    assert not default_storage.exists(stray)
    assert all(default_storage.exists(name) for name in linked)
