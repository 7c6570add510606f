"""Invisible control characters: removed from every text field on input, whoever writes,
and never able to make a feed or a sitemap invalid XML, whatever is already stored."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.urls import reverse
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleEvent,
    AuthorLink,
    Autosave,
    Quote,
    Revision,
    Status,
)
from articles.workflow import apply_transition
from factcheck.models import (
    ClaimAppearance,
    EvidenceCapture,
    EvidenceExemption,
    LinkStatus,
    Tip,
    VerdictChange,
)
from imports.models import ImportedAuthor, ImportedItem, LegacyRedirect
from newsroom.fields import CleanTextMixin
from newsroom.text import clean_text, has_junk
from tests.admin_forms import article_post_data
from tests.factories import add_claim, add_sources, library_image, make_article
from tests.reader_site import body

ROOT = Path(__file__).resolve().parents[2]
# What a PDF, Word or a broken encoder puts into pasted text (no NUL and no lone
# surrogate here: neither database can store them, so no old row holds one).
STORED_JUNK = "\x0b\x0c\x01\x08\x1b\x1f\x7f\x85\x9f\ufffe\uffff"
TYPED_JUNK = STORED_JUNK + "\x00\ud800"
XML_OUTPUTS = [
    "/flux/articles.rss",
    "/flux/articles.atom",
    "/flux/regions/normandie.rss",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-authors.xml",
    "/sitemap-news.xml",
    "/sitemap-pages.xml",
    "/sitemap-regions.xml",
]


def our_models():
    """Models of the project's own apps (those whose code is in this repository)."""
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            yield from config.get_models()


def text_fields():
    for model in our_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield pytest.param(model, field, id=f"{model._meta.label}.{field.name}")


def parse_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    text = body(response)
    assert not has_junk(text), url
    return ET.fromstring(text.encode())  # noqa: S314 - our own output, parsed strictly


# --- input: every text field, every writer --------------------------------------------


def test_the_project_has_text_fields_to_check():
    """The field list below is not empty (the apps were found)."""
    assert len(list(text_fields())) > 40


@pytest.mark.parametrize(("model", "field"), list(text_fields()))
def test_every_text_field_cleans_what_it_is_given(model, field):
    """Each text field of each model removes control characters, in forms and saves alike."""
    assert isinstance(field, CleanTextMixin), f"{model.__name__}.{field.name} is a plain field"
    typed = f"Crue{TYPED_JUNK}de l'Orne"
    cleaned = field.to_python(typed)
    assert not has_junk(cleaned)
    assert cleaned == ("Crue\n\n\nde l'Orne" if field.multiline else "Crue de l'Orne")
    assert field.get_prep_value(typed) == cleaned
    instance = model()
    setattr(instance, field.attname, typed)
    assert field.pre_save(instance, add=True) == cleaned
    assert getattr(instance, field.attname) == cleaned


def test_line_breaks_in_disguise_become_line_breaks_or_spaces():
    """A vertical tab (Word's line break) is a new line in a text, a space in a title."""
    title = Article._meta.get_field("title")
    introduction = Article._meta.get_field("introduction")
    assert title.to_python("Crue\x0bde l'Orne") == "Crue de l'Orne"
    assert introduction.to_python("Ligne un\x0bLigne deux") == "Ligne un\nLigne deux"
    assert clean_text("Préfet\x00\x1f ✅ 🇫🇷\u2028") == "Préfet ✅ 🇫🇷\u2028"


def stored_title(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, introduction FROM articles_article WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.mark.parametrize("writer", ["create", "save", "update", "bulk_create", "bulk_update"])
def test_every_writer_stores_clean_text(db, normandie, writer):
    """Commands, importers and scripts store text without control characters (NUL included,
    which PostgreSQL would refuse outright), however they write."""
    title, introduction = f"Crue{TYPED_JUNK}de l'Orne", f"Un{TYPED_JUNK}deux"
    if writer == "create":
        article = Article.objects.create(title=title, slug="crue", introduction=introduction)
    elif writer == "bulk_create":
        (article,) = Article.objects.bulk_create(
            [Article(title=title, slug="crue", introduction=introduction)]
        )
        article = Article.objects.get(slug="crue")
    else:
        article = Article.objects.create(title="Crue", slug="crue")
        if writer == "save":
            article.title, article.introduction = title, introduction
            article.save()
        elif writer == "update":
            Article.objects.filter(pk=article.pk).update(title=title, introduction=introduction)
        else:
            article.title, article.introduction = title, introduction
            Article.objects.bulk_update([article], ["title", "introduction"])
    stored = stored_title(article.pk)
    assert stored == ("Crue de l'Orne", "Un\n\n\ndeux"), stored
    assert not any(has_junk(value) for value in stored)


def test_tags_are_cleaned_before_they_are_looked_up(db):
    """Tagging "crue\\x0b" finds the existing tag "crue" instead of making a second one."""
    article = make_article()
    article.tags.add("crue")
    other = make_article()
    other.tags.add("crue\x0b", "\x01\x1f", "Orne\x7f")
    assert sorted(other.tags.names()) == ["Orne", "crue"]
    assert Tag.objects.filter(name__iexact="crue").count() == 1
    Tag.objects.create(name="Calvados\x0c", slug="calvados")
    assert Tag.objects.get(slug="calvados").name == "Calvados "


def test_the_admin_stores_pasted_text_clean(client, journalist):
    """A journalist who pastes a title with a vertical tab from a PDF saves the story (no
    error), and the title, text, tags and quote are stored without the invisible characters."""
    client.force_login(journalist)
    data = article_post_data(
        fields={
            "title": "Crue de\x0bl'Orne : la rocade rouverte",
            "introduction": "Ligne un\x0bLigne deux\x1f",
            "tags": "crue\x0b, Caen\x7f",
        },
        quotes=[{"speaker": "La\x0bpréfète", "text": "Oui\x0c.", "position": "0"}],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get()
    assert article.title == "Crue de l'Orne : la rocade rouverte"
    assert article.introduction == "Ligne un\nLigne deux"
    assert sorted(article.tags.names()) == ["Caen", "crue"]
    assert Quote.objects.get().speaker == "La préfète"


def test_the_tag_admin_stores_names_clean(client, editor):
    """Renaming a tag in the admin with a pasted control character stores it clean."""
    tag = Tag.objects.create(name="crue", slug="crue")
    client.force_login(editor)
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "Crue\x0b", "slug": "crue"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Crue"


# --- output: every XML document stays well-formed ---------------------------------------


def test_a_pasted_vertical_tab_taken_to_publication_leaves_every_feed_valid(
    client, journalist, editor, ratings
):
    """The issue's case: a title with U+000B, submitted, verified and published; every feed
    and sitemap answers 200 with valid XML, and shows the title."""
    article = make_article(
        title="Le bac\x0bde Granville rouvre", status=Status.DRAFT, author=journalist
    )
    sources = add_sources(article, "Mairie de Granville", "Ouest-France")
    add_claim(article, ratings["faux"], sources)
    apply_transition(article=article, user=journalist, name="submit")
    apply_transition(article=article, user=editor, name="verify")
    apply_transition(article=article, user=editor, name="publish")
    for url in XML_OUTPUTS:
        parse_xml(client, url)
    for url in ("/flux/articles.rss", "/flux/articles.atom", "/sitemap-news.xml"):
        assert "Le bac de Granville rouvre" in body(client.get(url))


@pytest.fixture
def every_row(journalist, ratings, normandie):
    """A public story with a row in every table whose text an XML output might show."""
    article = make_article(status=Status.PUBLISHED, author=journalist, region=normandie)
    article.tags.add("marées", "Granville")
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-France")
    claim = add_claim(article, ratings["faux"], sources, appeared_on=None)
    ClaimAppearance.objects.create(claim=claim, url="https://example.org/post", is_first=True)
    article.corrections.create(text="L'horaire était 8 h.")
    Quote.objects.create(article=article, text="Oui.", speaker="Marie Lebas", url="https://x.fr")
    library_image(alt="La digue de Granville", caption="À marée haute.", credit="Rédaction")
    AuthorLink.objects.create(author=journalist.author, label="Site", url="https://example.org")
    ArticleEvent.objects.create(article=article, action="publish", comment="Publié.")
    Revision.objects.create(article=article, version=1)
    VerdictChange.objects.create(
        claim=claim, changed_at=article.published_at, previous_label="Vrai", new_label="Faux"
    )
    # Evidence: add_sources recorded captures; an exception and a watched link.
    capture = EvidenceCapture.objects.first()
    EvidenceCapture.objects.filter(pk=capture.pk).update(
        failure_detail="délai dépassé", content_type="text/html"
    )
    EvidenceExemption.objects.create(
        article=article, url="https://example.org/post", reason="Publication supprimée."
    )
    LinkStatus.objects.create(
        url=capture.url, state="dead", detail="404 Not Found", sha256=capture.sha256
    )
    Tip.objects.create(
        text="Le bassin de Granville serait fermé tout l'été.",
        seen_where="Groupe Facebook « Granville pratique »",
        email="lecteur@example.org",
        consent=True,
        state=Tip.State.REJECTED,
        claim=claim,
        rejection_reason="Déjà vérifié.",
        fingerprint="0" * 64,
        sender="1" * 64,
        match_text="bassin granvill ferm",
    )
    from api.models import ApiKey, WebhookDelivery, WebhookSubscription

    key = ApiKey(name="Appli mobile de la rédaction")
    key.assign_key()
    key.save()
    subscription = WebhookSubscription.objects.create(
        name="Appli mobile",
        url="https://hooks.example.org/newsroom",
        events=["story.published"],
        secret="un-secret-partage-assez-long",
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="story.published",
        payload={"event": "story.published"},
        error="Délai dépassé",
    )
    ImportedItem.objects.create(
        wp_id=4012,
        guid="https://ancien-site.example/?p=4012",
        post_type="post",
        wp_status="publish",
        link="https://ancien-site.example/2019/03/14/marees/",
        article=article,
        source_hash="0" * 64,
    )
    ImportedAuthor.objects.create(
        login="mlebas", email="marie@ancien-site.example", author=journalist.author
    )
    LegacyRedirect.objects.create(old_path="/2019/03/14/marees", article=article)
    LegacyRedirect.objects.create(old_path="/category/manche", target_path="/regions/normandie/")
    Autosave.objects.create(user=journalist, token="c0ffee-page-token-0123456789", form={})
    from accounts.models import Preferences

    Preferences.objects.create(user=journalist, language="en")
    return article


def store_junk_directly(model, field):
    """Put control characters into `field` of every row, as a row written before the
    fields were cleaned (or by hand in SQL) would hold them: no model code runs."""
    table, column = model._meta.db_table, field.column
    quote = connection.ops.quote_name
    value = f"%s || COALESCE({quote(column)}, '')"
    if field.max_length:
        value = f"SUBSTR({value}, 1, {field.max_length})"
    update = f"UPDATE {quote(table)} SET {quote(column)} = {value}"  # noqa: S608 - model names
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute(update, [STORED_JUNK])
        except DatabaseError:
            # A check constraint (the story's status) keeps such values out altogether,
            # or a trigger refuses any change (a published version is never updated).
            pass
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def stored_text_fields():
    """Every text field, our models' and taggit's tag names, but slugs: a slug is an
    address, and one holding anything but letters, digits and dashes cannot be linked to
    at all (the slug fields refuse such values on input)."""
    for param in [*text_fields(), pytest.param(Tag, Tag._meta.get_field("name"), id="Tag.name")]:
        model, field = param.values
        if not isinstance(field, models.SlugField):
            yield param


@pytest.mark.parametrize(("model", "field"), list(stored_text_fields()))
def test_every_xml_output_stays_valid_whatever_is_stored(client, every_row, model, field):
    """With control characters already stored in any one text field, every feed and sitemap
    still answers 200 with a document a strict XML parser reads."""
    assert store_junk_directly(model, field) > 0, "the story world has no such row"
    for url in XML_OUTPUTS:
        parse_xml(client, url)
