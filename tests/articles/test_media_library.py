"""The media library: images stored once, described once, rendered once in the background.

What an editor sees: saving an image returns at once (renditions come from the worker),
a story shows a placeholder until they exist and never a broken image, readers and the
API only ever get files that exist, a replaced or deleted image leaves nothing behind,
one image serves many stories, the story form finds it by searching.
"""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles import media, record
from articles.models import Article, Author, MediaImage, Status
from articles.renditions import expected_renditions
from newsroom.images import crop_name, rendition_files, rendition_name, square_name
from tests.admin_forms import article_post_data, edit_data
from tests.factories import library_image, make_article, png_file, refreeze, with_hero
from tests.tasks import queued, run_tasks

pytestmark = pytest.mark.django_db


def library_post(client, file, **fields):
    data = {"alt": "", "caption": "", "credit": "", "focal_x": "50", "focal_y": "50"}
    return client.post(reverse("admin:articles_mediaimage_add"), {**data, **fields, "image": file})


def media_urls(text):
    return set(re.findall(r"/media/[^\s\"'<>,\\]+", text))


def exists(url):
    return default_storage.exists(url.split("/media/", 1)[1])


# --- 1. Renditions by a background task, a placeholder until then -------------------------


def test_saving_an_image_queues_its_renditions_instead_of_making_them(client, journalist):
    """The upload answers without making renditions; one queued task makes them all."""
    client.force_login(journalist)
    response = library_post(client, png_file("pont.png", (1200, 800)), alt="Le pont de Caen")
    assert response.status_code == 302
    image = MediaImage.objects.get()
    names = expected_renditions(image)
    assert names and not any(default_storage.exists(name) for name in names)
    assert len(queued("make_renditions")) == 1
    assert run_tasks() == 1
    assert all(default_storage.exists(name) for name in names)


def test_the_rendition_task_is_idempotent_and_safe_to_retry(journalist):
    """Running the task again writes nothing; a task for a deleted image does nothing."""
    from articles.tasks import make_renditions

    image = library_image("digue.png", size=(900, 600), ready=False)
    run_tasks()
    before = {name: default_storage.get_modified_time(name) for name in expected_renditions(image)}
    assert make_renditions.call("articles.MediaImage", image.pk) == 0
    after = {name: default_storage.get_modified_time(name) for name in expected_renditions(image)}
    assert before == after
    assert make_renditions.call("articles.MediaImage", image.pk + 1000) == 0


def test_an_unreadable_original_fails_the_task_and_retries_later(journalist):
    """A file that cannot be decoded fails the task (recorded) and queues a later attempt."""
    image = library_image("casse.png", ready=False)
    with default_storage.open(image.image.name, "wb") as handle:
        handle.write(b"plus une image")
    run_tasks()
    assert len(queued("make_renditions")) == 1  # the retry, due later


def test_the_preview_shows_a_placeholder_until_renditions_exist(client, journalist):
    """Before the worker ran, the story shows a placeholder of the image's size with its
    alternative text and no srcset; after, the renditions."""
    image = library_image("marais.png", size=(1200, 800), alt="Le marais", ready=False)
    article = with_hero(make_article(author=journalist), image)
    client.force_login(journalist)
    page = client.get(article.get_absolute_url()).content.decode()
    figure = page.split('<figure class="hero">', 1)[1].split("</figure>", 1)[0]
    assert 'class="placeholder"' in figure and "srcset" not in figure
    assert 'alt="Le marais"' in figure and 'width="1200" height="800"' in figure
    assert not media_urls(figure)
    run_tasks()
    page = client.get(article.get_absolute_url()).content.decode()
    figure = page.split('<figure class="hero">', 1)[1].split("</figure>", 1)[0]
    assert "srcset" in figure and "placeholder" not in figure
    assert all(exists(url) for url in media_urls(figure))


def test_readers_and_the_api_never_get_a_missing_file(client, journalist):
    """A story published before the worker got to its image links only files that exist:
    the page, og:image, the JSON-LD and the API."""
    author = Author.objects.get(user=journalist)
    author.photo.save("portrait.png", png_file("portrait.png", (300, 400)), save=True)
    image = library_image("halle.png", size=(1600, 900), alt="La halle", ready=False)
    article = make_article(author=journalist, status=Status.PUBLISHED, hero=image)
    page = client.get(article.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/stories/{article.slug}/").content.decode()
    assert any("-16x9-" in url for url in media_urls(api))
    version = article.current_version
    frozen = version.json_ld + json.dumps(version.card)
    urls = media_urls(page) | media_urls(api.replace("\\/", "/")) | media_urls(frozen)
    assert any("-16x9-" in url for url in urls) and any("-sq96" in url for url in urls)
    assert all(exists(url) for url in urls), [url for url in urls if not exists(url)]


# --- Orphans: a replaced or deleted image leaves no file behind -----------------------------


def test_a_deleted_library_image_leaves_no_file(journalist):
    """Deleting an image nothing shows removes its original and every rendition."""
    image = library_image("oublie.png", size=(1000, 600))
    files = [image.image.name, *expected_renditions(image)]
    assert all(default_storage.exists(name) for name in files)
    image.delete()
    run_tasks()
    assert not any(default_storage.exists(name) for name in files)


def test_moving_the_focal_point_removes_the_old_crops(journalist):
    """New crops are made for the new focal point; the old ones go (no version links them)."""
    image = library_image("falaise.png", size=(1600, 900))
    old = crop_name(image.image.name, "1x1", (50, 50))
    assert default_storage.exists(old)
    image.focal_x = 20
    image.save()
    run_tasks()
    assert not default_storage.exists(old)
    assert default_storage.exists(crop_name(image.image.name, "1x1", (20, 50)))
    assert default_storage.exists(rendition_name(image.image.name, 480))
    assert sorted(rendition_files(image.image.name)) == sorted(expected_renditions(image))


def test_a_replaced_author_photo_leaves_no_file(journalist):
    """An author's new photo replaces the old one's files; removing the photo removes its own."""
    author = Author.objects.get(user=journalist)
    author.photo.save("avant.png", png_file("avant.png", (300, 300)), save=True)
    run_tasks()
    old = [author.photo.name, square_name(author.photo.name, 96)]
    assert all(default_storage.exists(name) for name in old)
    author.photo.save("apres.png", png_file("apres.png", (300, 300)), save=True)
    run_tasks()
    assert not any(default_storage.exists(name) for name in old)
    assert default_storage.exists(square_name(author.photo.name, 96))
    new = [author.photo.name, square_name(author.photo.name, 96)]
    author.photo = ""
    author.save()
    run_tasks()
    assert not any(default_storage.exists(name) for name in new)


def test_files_a_published_version_links_are_kept(journalist):
    """A story moves to another image and the old one is deleted: the published version
    still links the old files, so they stay."""
    first = library_image("premiere.png", size=(1000, 600), alt="Première")
    article = make_article(author=journalist, status=Status.PUBLISHED, hero=first)
    linked = [first.image.name, *expected_renditions(first)]
    media.set_hero(article, library_image("seconde.png", alt="Seconde"))
    first.delete()
    run_tasks()
    assert all(default_storage.exists(name) for name in linked)


def test_a_story_image_in_use_cannot_be_deleted(journalist):
    """The library refuses to delete an image a story shows."""
    image = library_image()
    with_hero(make_article(author=journalist), image)
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        image.delete()


# --- 3. The library: stored once, reused, searched, alt text required -----------------------


def test_one_image_serves_many_stories_stored_and_rendered_once(journalist):
    """Two stories show one library image: one original, one set of renditions, one task."""
    image = library_image("marche.png", size=(1200, 800), alt="Le marché", ready=False)
    stories = [with_hero(make_article(author=journalist), image) for _ in range(2)]
    assert len(queued("make_renditions")) == 1
    run_tasks()
    originals = default_storage.listdir(image.image.name.rsplit("/", 1)[0])[1]
    assert originals == [image.image.name.rsplit("/", 1)[1]]
    assert sorted(rendition_files(image.image.name)) == sorted(expected_renditions(image))
    displays = {Article.objects.get(pk=story.pk).hero_display["url"] for story in stories}
    assert len(displays) == 1


def test_editing_a_library_image_sends_verified_stories_back(editor, journalist):
    """A changed alternative text changes the content of the stories showing the image: a
    verified one goes back to verification; its published versions are untouched."""
    image = library_image(alt="Avant")
    article = make_article(author=journalist, status=Status.VERIFIED, hero=image)
    image.alt = "Après"
    image.save()
    assert media.image_changed(image, user=editor) == 1
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_library_search_ignores_accents_and_case(client, journalist):
    """The library's list finds an image by a word of its description, caption or credit."""
    library_image(alt="La digue de Granville", credit="Rédaction")
    library_image(alt="Le marché couvert de Vire")
    client.force_login(journalist)
    url = reverse("admin:articles_mediaimage_changelist")
    for term in ("DIGUE", "redaction"):
        page = client.get(url, {"q": term}).content.decode()
        assert "La digue de Granville" in page and "Vire" not in page, term


def test_story_form_finds_a_hero_by_search(client, journalist):
    """The story form's hero field searches the library (autocomplete) and saves the choice."""
    image = library_image(alt="Les falaises d'Étretat")
    library_image(alt="Le port de Honfleur")
    client.force_login(journalist)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "hero", "term": "etretat"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(image.pk)]
    response = client.post(
        reverse("admin:articles_article_add"), article_post_data(fields={"hero": image.pk})
    )
    assert response.status_code == 302
    assert Article.objects.get().hero == image
    article = Article.objects.get()
    other = library_image(alt="Le port de Honfleur, au matin")
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(url, edit_data(article, hero=str(other.pk))).status_code == 302
    article.refresh_from_db()
    assert article.hero == other
    assert record.story_content(article)["article"]["hero"]["alt"] == other.alt


@pytest.mark.parametrize("alt", ["", "   "])
def test_alternative_text_is_required_by_every_writer(alt):
    """add_image refuses an image without alternative text and stores no file; so does the
    database."""
    with pytest.raises(ValidationError):
        media.add_image(file=png_file(), alt=alt)
    assert not MediaImage.objects.exists() and not default_storage.exists("media")
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaImage.objects.create(image="media/x.png", alt="", width=1, height=1)


def test_restoring_a_revision_brings_its_library_image_back(journalist, editor):
    """A story restored to a revision shows that revision's image, found in the library."""
    from articles import editing

    first = library_image(alt="Première")
    article = with_hero(make_article(author=journalist), first)
    content = record.story_content(article)
    with editing.edit_story(article=article, user=editor) as edit:
        media.set_hero(edit.article, library_image(alt="Seconde"))
    editing.restore(article=article, content=content, user=editor)
    article.refresh_from_db()
    assert article.hero == first


# --- 2. The site logo -----------------------------------------------------------------------


def test_site_logo_is_served_as_sized_renditions_without_metadata(client):
    """The header and the publisher's JSON-LD show WebP renditions of the logo, sized, with
    no metadata; never the static original."""
    from PIL import Image

    page = client.get("/").content.decode()
    header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    logo = re.search(
        r'<img src="([^"]+)" srcset="([^"]+) 2x" alt="" width="(\d+)" height="(\d+)"', header
    )
    assert logo and logo.group(1).startswith("/media/renditions/site/")
    assert (int(logo.group(3)), int(logo.group(4))) == (48, 48)
    graph = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    nodes = graph.get("@graph", [graph])
    logos = [node["logo"] for node in nodes if "logo" in node]
    assert logos and all("/media/renditions/site/" in item["url"] for item in logos)
    for url in (logo.group(1), logo.group(2), logos[0]["url"]):
        with default_storage.open(url.split("/media/", 1)[1]) as handle:
            image = Image.open(handle)
            image.load()
            assert image.format == "WEBP" and not image.getexif() and "xmp" not in image.info
    assert "/static/img/logo.png" not in page


def test_prune_keeps_library_images_and_the_logo(journalist):
    """--prune keeps a library image and its renditions, and the logo's renditions."""
    from io import StringIO

    from django.core.management import call_command

    from newsroom.images import site_logo

    image = library_image("garde.png", size=(1000, 600))
    refreeze(with_hero(make_article(author=journalist), image))
    logo = site_logo()
    call_command("regenerate_renditions", "--prune", stdout=StringIO())
    assert default_storage.exists(image.image.name)
    assert all(default_storage.exists(name) for name in expected_renditions(image))
    assert logo["files"] and all(default_storage.exists(name) for name in logo["files"])
