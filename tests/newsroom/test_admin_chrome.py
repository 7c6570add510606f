"""The admin reads as the newsroom's tool: its name, its sections, its words, its error pages."""

import json
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.models import Preferences
from articles.models import Article
from newsroom.adminlist import ActionCheckboxMixin
from newsroom.errors import server_error
from newsroom.history import readable_label
from tests.admin_forms import change_url, edit_data
from tests.factories import make_user, story

pytestmark = pytest.mark.django_db

OUR_APPS = {"articles", "factcheck", "accounts", "newsroom", "api", "imports"}
LIBRARY_WORDS = re.compile(r"Django|Taggit|taggit|Axes|Otp_|OTP_|django_tasks|Tasks_Db|\bobjet\b")


def login(client, user, language="fr"):
    """Sign `user` in with the admin in `language` (their own preference)."""
    Preferences.objects.update_or_create(user=user, defaults={"language": language})
    client.force_login(user)


def text(response):
    return response.content.decode()


def visible(response):
    """The page's text without scripts' data, tags and attributes."""
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", text(response), flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", ["journalist", "editor", "superuser"])
def test_index_names_the_site_and_no_library(client, request, settings, role, language):
    """The header and title carry the site's name; no section is named for a library."""
    user = request.getfixturevalue(role)
    login(client, user, language)
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert settings.SITE_NAME in re.search(r"<title>(.*?)</title>", text(page), re.S).group(1)
    assert f'<div id="site-name"><a href="/admin/">{settings.SITE_NAME}</a></div>' in text(page)
    assert not LIBRARY_WORDS.search(visible(page))


def test_tags_are_listed_under_the_stories(client, editor):
    """An editor finds the tags in the stories' section, and a tag's breadcrumb names it."""
    client.force_login(editor)
    sections = {
        app["app_label"]: [model["object_name"] for model in app["models"]]
        for app in client.get(reverse("admin:index")).context["app_list"]
    }
    assert "taggit" not in sections
    assert "Tag" in sections["articles"]
    tags = client.get(reverse("admin:taggit_tag_changelist"))
    assert "Taggit" not in visible(tags)
    assert client.get("/admin/taggit/")["Location"] == "/admin/articles/"


@pytest.mark.parametrize(
    "language, words",
    [("fr", "Votre rôle ne permet pas cette action"), ("en", "You cannot do this")],
)
def test_forbidden_page_says_why_and_where_to_go(client, journalist, language, words):
    """A journalist opening the verdict scale's add page is told why, in their language."""
    login(client, journalist, language)
    page = client.get(reverse("admin:factcheck_rating_add"))
    assert page.status_code == 403
    assert words in text(page)
    assert "lea" in text(page)
    assert 'href="/admin/"' in text(page)
    assert "403 Forbidden" not in text(page)


def test_forbidden_page_shows_the_reason_given(client, journalist, editor):
    """A journalist opening a colleague's dossier-only action sees the page, not a bare 403."""
    article = story(editor)
    client.force_login(journalist)
    page = client.get(reverse("admin:articles_article_restore", args=[article.pk]))
    assert page.status_code in (403, 405)
    if page.status_code == 403:
        assert "Votre rôle ne permet pas cette action" in text(page)


@pytest.mark.parametrize("language, words", [("fr", "Page introuvable"), ("en", "Page not found")])
def test_missing_admin_page_is_the_newsrooms(client, journalist, language, words):
    """A mistyped admin address shows a page in the journalist's language with a way back."""
    login(client, journalist, language)
    page = client.get("/admin/articles/nulle-part/")
    assert page.status_code == 404
    assert words in text(page)
    assert 'href="/admin/"' in text(page)


def test_public_404_stays_the_sites(client):
    """A reader's missing page is not dressed as the admin."""
    page = client.get("/articles/nulle-part/")
    assert page.status_code == 404
    assert "Retour à la rédaction" not in text(page)


@pytest.mark.parametrize(
    "language, words", [("fr", "Le formulaire n’a pas été envoyé"), ("en", "The form was not sent")]
)
def test_expired_form_explains_itself(journalist, language, words):
    """A form posted from a page that is no longer valid says nothing was saved and what to do."""
    article = story(journalist)
    client = Client(enforce_csrf_checks=True)
    login(client, journalist, language)
    page = client.post(change_url(article), {"title": "x"})
    assert page.status_code == 403
    assert words in text(page)
    assert "CSRF" not in visible(page)


def test_server_error_in_the_admin_is_explained():
    """An admin error page tells the journalist it is not their fault and what to check."""
    request = RequestFactory().get("/admin/articles/article/")
    with translation.override("fr"):
        page = server_error(request)
    assert page.status_code == 500
    assert "Une erreur s’est produite de notre côté" in page.content.decode()


def test_history_shows_labels_not_field_names(client, editor):
    """The story's history says "Modification de titre.", never "loaded_version"."""
    article = story(editor)
    client.force_login(editor)
    response = client.post(change_url(article), edit_data(article, title="Un nouveau titre"))
    assert response.status_code == 302
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "loaded_version" not in text(history)
    assert "Modification de titre." in text(history)


def test_older_history_entries_are_shown_in_words(client, editor):
    """An entry written before the fix shows French labels and drops the guard's name."""
    article = story(editor)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=article.title,
        action_flag=CHANGE,
        change_message=json.dumps(
            [
                {"changed": {"fields": ["loaded_version", "Title"]}},
                {"changed": {"name": "claim", "object": "X", "fields": ["Supporting sources"]}},
            ]
        ),
    )
    client.force_login(editor)
    history = text(client.get(reverse("admin:articles_article_history", args=[article.pk])))
    assert "loaded_version" not in history
    assert "Supporting sources" not in history
    with translation.override("fr"):
        assert escape(readable_label("Supporting sources")) in history


def admin_forms():
    """Every form the admin shows for our models (inlines included), as a superuser opens it."""
    request = RequestFactory().get("/admin/")
    request.user = make_user("root", is_superuser=True, is_staff=True)
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        yield model_admin, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline, inline.get_formset(request).form


def test_every_label_the_history_records_is_translated():
    """Every field a history entry can name reads in French: no English label, no field name."""
    untranslated = []
    for owner, form in admin_forms():
        for name, field in form.base_fields.items():
            if field.widget.is_hidden:
                continue
            with translation.override(None):
                label = str(field.label) if field.label else name
            with translation.override("fr"):
                if readable_label(label) == label and label not in SAME_IN_FRENCH:
                    untranslated.append(f"{type(owner).__name__}.{name}: {label}")
    assert untranslated == [], "\n".join(untranslated)


# Words French and English share.
SAME_IN_FRENCH = {
    "URL",
    "Position",
    "Slug",
    "JSON-LD",
    "Type",
    "Article",
    "Action",
    "Photo",
    "Image",
    "Description",
    "Verdict",
    "Date",
    "SHA-256",
    "Archive",
    "Active",
}


def test_no_help_text_holds_markup_characters():
    """Help texts are HTML in the admin: none holds "<" or ">" (a slug help read "/articles//.")."""
    holding = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            help_text = str(getattr(field, "help_text", "") or "")
            if "<" in help_text or ">" in help_text:
                holding.append(f"{model._meta.label}.{field.name}")
    for owner, form in admin_forms():
        for name, field in form.base_fields.items():
            if "<" in str(field.help_text or "") or ">" in str(field.help_text or ""):
                holding.append(f"{type(owner).__name__}.{name}")
    assert holding == []


def test_slug_help_names_the_address(client, editor):
    """The slug's help on the story page shows the address, not "/articles//."."""
    client.force_login(editor)
    page = text(client.get(reverse("admin:articles_article_add")))
    assert "/articles//" not in page
    assert "après /articles/" in page


def test_every_inline_names_its_add_button():
    """Each inline's add button says what it adds ("Ajouter une source"), never "objet"."""
    request = RequestFactory().get("/admin/")
    request.user = make_user("root2", is_superuser=True, is_staff=True)
    unnamed = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        for inline in model_admin.get_inline_instances(request):
            if inline.has_add_permission(request, None) and not getattr(inline, "add_label", None):
                unnamed.append(type(inline).__name__)
    assert unnamed == []


@pytest.mark.parametrize("language, words", [("fr", "Ajouter une source"), ("en", "Add a source")])
def test_story_page_add_buttons_in_words_of_the_trade(client, journalist, language, words):
    """On the story page the add buttons read "Ajouter une source", never "Ajouter un objet"."""
    article = story(journalist)
    login(client, journalist, language)
    page = text(client.get(change_url(article)))
    assert words in page.replace("&quot;", '"')
    assert "objet" not in page


def test_stories_section_lists_the_tags(client, editor):
    """The stories' section page lists the tags with the stories."""
    login(client, editor)
    page = client.get(reverse("admin:app_list", args=["articles"]))
    assert page.status_code == 200
    assert reverse("admin:taggit_tag_changelist") in text(page)


def test_staff_member_chooses_the_admin_language(client, journalist):
    """A journalist who picks English on their preferences page gets the admin in English."""
    client.force_login(journalist)
    assert 'lang="fr"' in text(client.get(reverse("admin:index")))
    response = client.post(reverse("accounts:preferences"), {"language": "en"})
    assert response.status_code == 302
    page = text(client.get(reverse("admin:index")))
    assert '<html lang="en"' in page
    assert Preferences.objects.get(user=journalist).language == "en"
    assert '<html lang="fr"' in text(
        client.get("/")
    )  # readers' pages keep their address's language


def test_preferences_page_is_for_staff_only(client, db):
    """Someone without a staff account is sent to the login page."""
    response = client.get(reverse("accounts:preferences"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_admin_writes_the_selection_box_django_would(journalist, language):
    """Each registered admin, a library's included, writes its rows' selection boxes
    itself (no widget template per row), in exactly the markup Django's widget gives,
    names with quotes and angle brackets escaped once."""
    article = story(journalist, title='Le "grand" marché <du> samedi & dimanche')
    checked = 0
    with translation.override(language):
        for model, model_admin in admin.site._registry.items():
            assert isinstance(model_admin, ActionCheckboxMixin), model
            obj = article if model is Article else model._default_manager.first()
            if obj is None:
                continue
            django_box = admin.ModelAdmin.action_checkbox(model_admin, obj)
            assert model_admin.action_checkbox(obj) == django_box, model
            checked += 1
    assert checked >= 5


def test_the_story_list_shows_one_selection_box_per_row(client, superuser, journalist):
    story(journalist, title="Le pont de Caen <fermé>")
    story(journalist, title="La foire de Lessay")
    client.force_login(superuser)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="_selected_action"[^>]*>', page)
    assert len(boxes) == 2
    assert all('class="action-select"' in box and "aria-label=" in box for box in boxes)
    assert "Le pont de Caen &lt;fermé&gt;" in "".join(boxes)
