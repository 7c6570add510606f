"""Nothing a newsroom types is lost: re-saves, workflow buttons, big stories, deleted
sources, bounded pickers (issue: "Nothing a newsroom types is lost")."""

import io

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from articles.models import Article, ArticleEvent, Author, PublishedVersion, Revision, Status
from factcheck.admin import ClaimInline, SourceInline
from factcheck.models import Claim, Outlet, Rating, Source
from tests.admin_forms import add_inline_row
from tests.factories import add_sources, library_image, make_article, refreeze, story, with_hero
from tests.html import form_data
from tests.reader_site import build_world, seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def png(size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


# --- case 1 and 8: every admin page survives an unchanged re-save ------------------------


@pytest.fixture
def realistic(settings):
    """The demo newsroom, plus pictures: every kind of object the admin shows."""
    seed_demo(settings)
    build_world()
    story_with_image = Article.objects.published().order_by("pk").first()
    with_hero(story_with_image, library_image("rocade.jpg", alt="La rocade sous l'eau"))
    refreeze(story_with_image)
    author = Author.objects.order_by("pk").first()
    author.photo.save("portrait.jpg", png((600, 800)), save=True)
    return story_with_image


def snapshot():
    return (
        ArticleEvent.objects.count(),
        Revision.objects.count(),
        PublishedVersion.objects.count(),
        list(Article.objects.order_by("pk").values_list("pk", "version", "status")),
    )


def test_every_admin_form_survives_an_unchanged_resave(client, superuser, realistic):
    """For every model admin, the change page of a real object posted back unchanged
    answers with a redirect (or a 403 where the page is read-only) and records nothing."""
    client.force_login(superuser)
    before = snapshot()
    checked = []
    for model in admin.site._registry:
        obj = model.objects.order_by("pk").first()
        if obj is None:
            continue
        opts = model._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        except Exception:  # noqa: BLE001, S112 - a model admin without a change page
            continue
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        html = page.content.decode()
        form_id = f"{opts.model_name}_form"
        if f'id="{form_id}"' not in html or 'name="_save"' not in html:
            continue  # read-only for everyone: nothing to post back
        response = client.post(url, form_data(html, form_id=form_id))
        errors = response.context and response.context.get("errors")
        assert response.status_code == 302, (url, errors)
        checked.append(opts.label)
    assert {"articles.Article", "articles.Author", "factcheck.Claim", "factcheck.Outlet"} <= set(
        checked
    )
    assert snapshot() == before


def test_an_illustrated_published_story_can_take_a_correction(
    client, editor, second_editor, realistic
):
    """An illustrated published story re-saves with a change and the change can be proposed."""
    article = realistic
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    data = form_data(html, form_id="article_form")
    data["context"] = "Une précision ajoutée après publication."
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.context == "Une précision ajoutée après publication."
    assert article.hero_image.name.endswith(".jpg")


def test_an_untouched_save_moves_no_date(client, editor, journalist):
    """Saving a published story without a change leaves its public dates alone."""
    article = story(journalist, status=Status.PUBLISHED)
    before = (article.version, article.content_updated_at, article.current_version_id)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert (
        client.post(change_url(article), form_data(html, form_id="article_form")).status_code == 302
    )
    article.refresh_from_db()
    assert (article.version, article.content_updated_at, article.current_version_id) == before
    assert not article.events.filter(action=ArticleEvent.Action.EDIT).exists()


# --- case 2: workflow buttons never drop what was typed ---------------------------------


def test_typed_text_is_saved_with_the_workflow_step(client, journalist):
    """Text typed into “Context” before pressing “Submit” is saved, then the story is submitted."""
    article = story(journalist)
    client.force_login(journalist)
    html = client.get(change_url(article)).content.decode()
    assert 'form="article_form"' in html and 'name="_transition" value="submit"' in html
    assert "js/unsaved-changes.js" in html
    data = form_data(html, form_id="article_form")
    data["context"] = "Une phrase tapée juste avant de soumettre."
    data["_transition"] = "submit"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.context == "Une phrase tapée juste avant de soumettre."
    assert article.status == Status.SUBMITTED


def test_a_refused_step_still_keeps_the_typed_text(client, journalist):
    """When the step is refused (a guard fails), the typed text is saved all the same."""
    article = make_article(author=journalist)  # no source: submission will be refused
    client.force_login(journalist)
    html = client.get(change_url(article)).content.decode()
    data = form_data(html, form_id="article_form")
    data["development"] = "Un développement à ne pas perdre."
    data["_transition"] = "submit"
    response = client.post(change_url(article), data, follow=True)
    with translation.override("fr"):
        assert escape(gettext("The story needs at least one source.")) in response.content.decode()
    article.refresh_from_db()
    assert article.development == "Un développement à ne pas perdre."
    assert article.status == Status.DRAFT


# --- case 3: deleting a cited source ------------------------------------------------------


def test_deleting_a_source_a_claim_cites_is_a_form_error(client, journalist):
    """Deleting a source while keeping it on a claim gives an error naming the claim; the
    whole edit is kept in the form and nothing is saved."""
    article = story(journalist)
    claim = article.claims.get()
    cited = claim.sources.first()
    client.force_login(journalist)
    html = client.get(change_url(article)).content.decode()
    data = form_data(html, form_id="article_form")
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("sources-") and key.endswith("-id") and value == str(cited.pk)
    )
    data[f"sources-{index}-DELETE"] = "on"
    data["introduction"] = "Une introduction réécrite."
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert claim.label.replace("'", "&#x27;") in page
    assert "Une introduction réécrite." in page
    assert Source.objects.filter(pk=cited.pk).exists()
    article.refresh_from_db()
    assert article.introduction != "Une introduction réécrite."


def test_the_write_path_refuses_a_claim_citing_a_deleted_source(journalist, editor):
    """Whatever the writer, a story's claims never end up citing a source that is gone."""
    from articles import editing

    article = story(journalist)
    claim = article.claims.get()
    cited = list(claim.sources.all())
    with editing.edit_story(article=article, user=editor):
        cited[0].delete()
    claim.refresh_from_db()
    assert cited[0].pk not in set(claim.sources.values_list("pk", flat=True))


# --- case 4: a long investigation fits in one save ---------------------------------------


def test_a_long_investigation_saves_in_one_post(client, journalist):
    """A story with 70 sources and 30 claims (over a thousand fields) saves: no 400."""
    article = story(journalist)
    client.force_login(journalist)
    data = form_data(client.get(change_url(article)).content.decode(), form_id="article_form")
    for number in range(70):
        outlet = Outlet.objects.create(name=f"Média {number}", slug=f"media-{number}")
        data = add_inline_row(
            data,
            "sources",
            {  # every field a browser sends for a row, the empty ones too
                "id": "",
                "article": str(article.pk),
                "outlet_name": outlet.name,
                "kind": "document",
                "title": f"Document {number}",
                "url": f"https://example.org/doc/{number}",
                "published_on": "",
                "archived_url": "",
                "position": str(number),
            },
        )
    rating = Rating.objects.get(slug="faux")
    existing = [str(pk) for pk in article.sources.values_list("pk", flat=True)]
    for number in range(30):
        data = add_inline_row(
            data,
            "claims",
            {
                "id": "",
                "article": str(article.pk),
                "label": f"Rumeur numéro {number}",
                "statement": "Elle a circulé.",
                "claimant": "",
                "claimant_kind": "unknown",
                "verdict_explanation": "",
                "analysis": "",
                "rating": str(rating.pk),
                "source_refs": existing,
                "position": str(number),
            },
        )
    fields = sum(len(value) if isinstance(value, list) else 1 for value in data.values())
    assert fields > 1000  # what Django's DATA_UPLOAD_MAX_NUMBER_FIELDS counts
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert article.sources.count() == 72 and article.claims.count() == 31


def test_the_biggest_story_the_admin_builds_fits_what_it_accepts():
    """Every inline's row limit times its fields stays under DATA_UPLOAD_MAX_NUMBER_FIELDS,
    so no story a journalist can build is refused as too big."""
    source_fields = 10  # id, article, outlet, kind, title, url, date, archive, position, DELETE
    claim_fields = 12 + SourceInline.max_num  # its own fields, and every source it may cite
    bound = 100 + SourceInline.max_num * source_fields + ClaimInline.max_num * claim_fields
    bound += 100 * 9 + 20 * 5  # quotes and bylines
    assert bound < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


# --- case 9: the claim page offers its story's sources only ------------------------------


def test_the_claim_add_page_lists_no_other_storys_sources(client, journalist, editor):
    """A new claim offers only the sources of the story it is added to, never the archive."""
    mine = story(journalist)
    other = make_article(author=journalist)
    add_sources(other, *(f"Média éloigné {n}" for n in range(30)))
    client.force_login(editor)
    url = reverse("admin:factcheck_claim_add")
    empty = client.get(url).context["adminform"].form.fields["sources"].queryset
    assert list(empty) == []
    chosen = client.get(url, {"article": mine.pk}).context["adminform"].form.fields["sources"]
    assert set(chosen.queryset) == set(mine.sources.all())


def test_the_claim_add_page_costs_the_same_whatever_the_archive(
    client, editor, journalist, django_assert_max_num_queries
):
    """The claim add page does not load the newsroom's sources: its cost does not grow."""
    for number in range(3):
        add_sources(make_article(author=journalist), *(f"Source {number}-{n}" for n in range(20)))
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("admin:factcheck_claim_add"))
    assert response.status_code == 200
    assert Claim.objects.count() == 0
