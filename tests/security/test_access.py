"""Nobody reaches beyond their role through any address: every admin URL, previews, history.

The admin's URLs are not listed by hand: they are read from the admin site
itself, so an admin page added later is checked too (or the test says it
does not know what to expect of it).
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, reverse
from taggit.models import Tag

from articles.models import Article, ArticleEvent, Author, Region, SitePage
from factcheck.models import Claim, Outlet, Rating, Tip
from newsroom.roles import JOURNALIST_PERMISSIONS
from tests.factories import add_claim, add_sources, make_article, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def named_admin_patterns():
    """(name, parameter names) of every named URL the admin site serves."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name, set(pattern.pattern.regex.groupindex)

    return sorted(set((name, frozenset(params)) for name, params in walk(admin.site.get_urls())))


@pytest.fixture
def beyond(other_journalist, editor):
    """One object of every admin model that a journalist (lea) has no right to change."""
    published = make_article(status="published", author=other_journalist)
    sources = add_sources(published, "Préfecture de la Manche", "Ouest-France")
    claim = add_claim(published, Rating.objects.get(slug="faux"), sources)
    published.tags.add("marées")
    ArticleEvent.objects.create(article=published, action=ArticleEvent.Action.PUBLISH)
    objects = {
        Article: published,
        Claim: claim,
        ArticleEvent: published.events.first(),
        Region: Region.objects.get(slug="normandie"),
        Author: other_journalist.author,
        SitePage: SitePage.objects.first(),
        Outlet: sources[0].outlet,
        Rating: Rating.objects.get(slug="faux"),
        Tag: Tag.objects.get(name="marées"),
        get_user_model(): editor,
    }
    from django.contrib.auth.models import Group

    from imports.models import ImportedAuthor, ImportedItem, LegacyRedirect

    objects[Group] = Group.objects.first()
    # The media library: journalists add images; editors change or delete them.
    from articles.models import MediaImage
    from tests.factories import library_image, with_hero

    objects[MediaImage] = library_image(alt="La digue de Granville")
    with_hero(make_article(author=other_journalist), objects[MediaImage])
    # Login records and second-factor devices (accounts/): administrators only.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    seen = {"username": "claire", "ip_address": "198.51.100.7", "attempt_time": timezone.now()}
    objects[AccessAttempt] = AccessAttempt.objects.create(**seen, failures_since_start=1)
    objects[AccessFailureLog] = AccessFailureLog.objects.create(**seen)
    objects[AccessLog] = AccessLog.objects.create(**seen)
    owner = make_user("enrolled")
    objects[TOTPDevice] = TOTPDevice.objects.create(user=owner, name="authenticator")
    objects[StaticDevice] = StaticDevice.objects.create(user=owner, name="backup")
    objects[Tip] = Tip.objects.create(
        text="Le bassin de Granville serait fermé tout l'été.", fingerprint="0" * 64
    )
    objects[ImportedItem] = ImportedItem.objects.create(
        wp_id=4012, post_type="post", wp_status="publish", article=published, source_hash="0" * 64
    )
    objects[ImportedAuthor] = ImportedAuthor.objects.create(
        login="hperrin", author=other_journalist.author
    )
    objects[LegacyRedirect] = LegacyRedirect.objects.create(
        old_path="/2019/03/14/marees", article=published
    )
    objects.update(api_objects())
    # Evidence (factcheck/evidence.py): our copies, exceptions, the link watch.
    from factcheck.models import EvidenceCapture, EvidenceExemption, LinkStatus

    capture = EvidenceCapture.objects.first()
    objects[EvidenceCapture] = capture
    objects[EvidenceExemption] = EvidenceExemption.objects.create(
        article=published, url="https://example.org/post/supprime", reason="Publication supprimée."
    )
    objects[LinkStatus] = LinkStatus.objects.create(url=capture.url, state="dead")
    return objects


def api_objects():
    """The content API's keys and webhooks, and the task queue's results (admin only)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from api.models import ApiKey, WebhookDelivery, WebhookSubscription

    key = ApiKey(name="Appli mobile")
    key.assign_key()
    key.save()
    subscription = WebhookSubscription.objects.create(
        name="Appli", url="https://hooks.example.org/n", events=["story.published"], secret="s" * 20
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="story.published", payload={}
    )
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [delivery.pk], "kwargs": {}},
        task_path="api.webhooks.deliver",
        backend_name="default",
        run_after=timezone.now(),
    )
    return {
        ApiKey: key,
        WebhookSubscription: subscription,
        WebhookDelivery: delivery,
        DBTaskResult: task,
    }


def model_of(name):
    """The model of a ModelAdmin URL name such as "factcheck_claim_change"."""
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model, name[len(prefix) :]
    return None, None


def url_for(name, params, objects):
    if name == "view_on_site":
        article = objects[Article]
        content_type = ContentType.objects.get_for_model(Article)
        return reverse(f"admin:{name}", args=[content_type.pk, article.pk])
    if name == "autocomplete":
        return reverse(f"admin:{name}") + (
            "?app_label=factcheck&model_name=claim&field_name=article&term=a"
        )
    model, _view = model_of(name)
    kwargs = {}
    for param in params & {"object_id", "id", "pk"}:
        kwargs[param] = objects[model].pk
    if "app_label" in params:
        kwargs["app_label"] = "articles"
    if name == "articles_article_transition":
        kwargs["name"] = "publish"
    return reverse(f"admin:{name}", kwargs=kwargs)


def journalist_may(model, action):
    perms = JOURNALIST_PERMISSIONS.get(model._meta.app_label, {}).get(model._meta.model_name, set())
    return action in perms


def expected_for_journalist(name, model, view):
    """Status a journalist gets on GET `name` for an object beyond their role."""
    site_pages = {
        "index": 200,
        "password_change": 200,
        "password_change_done": 200,
        "jsi18n": 200,
        "autocomplete": 200,
        "view_on_site": 302,
        "app_list": 200,
        "logout": 405,  # POST only
        "login": 302,  # already logged in: sent to the index
        "taggit_tag_merge_tags": 403,
        "taggit_tag_suggest": 200,  # names of existing tags, for the story page (view_tag)
        "articles_article_work_type": 405,  # POST only: accepting a suggested type of work
        "auth_user_password_change": 403,
        "articles_article_transition": 405,  # POST only; the POST is checked below
        "articles_article_restore": 405,  # POST only, editors (tests/articles/test_record.py)
        "articles_article_checks": 405,  # POST only (tests/factcheck/test_story_editor.py)
        "articles_article_revisions": 200,
        "articles_article_dossier": 200,
        # Only one's own autosave of a story one may edit (tests/articles/test_autosave.py).
        "articles_article_autosave": 404,
        "factcheck_claim_similar": 200,  # the claim editor's panel (view_claim)
    }
    if name in site_pages:
        return site_pages[name]
    can_view = journalist_may(model, "view") or journalist_may(model, "change")
    return {
        "changelist": 200 if can_view else 403,
        "history": 200 if can_view else 403,
        "change": 200 if can_view else 403,  # read-only: checked below
        "add": 200 if journalist_may(model, "add") and model is not ArticleEvent else 403,
        "delete": 403,
        # An authenticator's secret (django-otp): its owner's and administrators' only.
        "config": 403,
        "qrcode": 403,
    }[view]


def test_every_admin_url_sends_anonymous_users_to_log_in(client, beyond):
    """Every admin address, GET or POST, answers an anonymous visitor with the login page."""
    for name, params in named_admin_patterns():
        url = url_for(name, params, beyond)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if name == "login":
                assert response.status_code == 200, url
                continue
            if name == "logout":
                assert response.status_code in (200, 302, 405), (method, url)
                continue
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith(LOGIN), (method, url)
    # Unnamed patterns: an object's short address and the catch-all.
    story = beyond[Article]
    for url in (f"/admin/articles/article/{story.pk}/", "/admin/nothing/here/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), url


def test_every_admin_url_keeps_journalists_in_their_role(client, journalist, beyond):
    """A journalist opening any admin address for a colleague's published work can only read it."""
    client.force_login(journalist)
    checked = []
    for name, params in named_admin_patterns():
        model, view = model_of(name)
        url = url_for(name, params, beyond)
        response = client.get(url)
        expected = expected_for_journalist(name, model, view)
        assert response.status_code == expected, (url, response.status_code, expected)
        if model is Tip and view == "change":
            # Reader tips are the whole newsroom's: journalists triage them too.
            assert response.context["has_change_permission"] is True, url
        elif view == "change" and response.status_code == 200:
            assert response.context["has_change_permission"] is False, url
            assert b'name="_save"' not in response.content, url
        if model is Tip and view == "change":
            pass
        elif view in ("change", "delete") or (view == "add" and expected == 403):
            posted = client.post(url, {"post": "yes", "name": "x", "title": "x", "label": "x"})
            assert posted.status_code == 403, ("POST", url, posted.status_code)
            assert model.objects.filter(pk=beyond[model].pk).exists(), url
        checked.append(name)
    assert len(checked) > 60
    # The rating scale's list is editable in place, for editors only.
    response = client.post(
        reverse("admin:factcheck_rating_changelist"),
        {"_save": "1", "form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("transition", ["submit", "return", "verify", "publish", "withdraw"])
def test_journalists_cannot_move_a_colleagues_story(client, journalist, beyond, transition):
    """Every transition endpoint refuses a journalist on a colleague's story, changing nothing."""
    story = beyond[Article]
    client.force_login(journalist)
    url = reverse("admin:articles_article_transition", args=[story.pk, transition])
    response = client.post(url, {"comment": "Je retire ce papier."})
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.status == "published"


def test_journalist_cannot_retag_a_published_story(client, journalist, beyond):
    """The tag pages offer no way to attach or merge tags on stories (taggit's did)."""
    story = beyond[Article]
    tag = beyond[Tag]
    client.force_login(journalist)
    content_type = ContentType.objects.get_for_model(Article)
    client.post(
        reverse("admin:taggit_tag_add"),
        {
            "name": "Infox",
            "slug": "infox",
            "taggit_taggeditem_items-TOTAL_FORMS": "1",
            "taggit_taggeditem_items-INITIAL_FORMS": "0",
            "taggit_taggeditem_items-0-content_type": content_type.pk,
            "taggit_taggeditem_items-0-object_id": story.pk,
        },
    )
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": [tag.pk]},
    )
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Mensonge"})
    assert response.status_code == 403
    assert set(Article.objects.get(pk=story.pk).tags.names()) == {"marées"}


def test_editor_merges_tags_and_a_bare_post_is_not_an_error(client, editor, beyond):
    """Editors keep taggit's merge; posting it with nothing selected is a message, not a 500."""
    client.force_login(editor)
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Mer"})
    assert response.status_code == 302
    tag = beyond[Tag]
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": [tag.pk]},
    )
    response = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Mer"})
    assert response.status_code == 302
    assert set(beyond[Article].tags.names()) == {"Mer"}


@pytest.mark.parametrize("who", ["superuser", "editor", "journalist"])
def test_history_entries_cannot_be_edited_or_deleted(client, request, beyond, who):
    """Nobody, superuser included, changes or deletes a history entry through the admin."""
    event = beyond[ArticleEvent]
    client.force_login(request.getfixturevalue(who))
    change = reverse("admin:articles_articleevent_change", args=[event.pk])
    delete = reverse("admin:articles_articleevent_delete", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert client.post(change, {"action": "withdraw", "comment": "réécrit"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:articles_articleevent_changelist"))
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(
        changelist.wsgi_request
    )
    client.post(
        reverse("admin:articles_articleevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    event.refresh_from_db()
    assert (event.action, event.comment) == (ArticleEvent.Action.PUBLISH, "")


def test_journalist_cannot_delete_even_their_own_published_story(client, journalist):
    """A journalist's own published story has no delete page, and a forged delete is refused."""
    story = make_article(status="published", author=journalist)
    client.force_login(journalist)
    url = reverse("admin:articles_article_delete", args=[story.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Article.objects.filter(pk=story.pk).exists()


def assert_protected(client, url, obj):
    """The delete page names what protects `obj`, and confirming deletes nothing."""
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"], url
    assert b"protected" in page.content or "protégés".encode() in page.content
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_cited_author_outlet_and_rating_in_use_cannot_be_deleted(client, editor, beyond):
    """Deleting a signed author, a cited outlet or a verdict in use shows why not, and keeps it."""
    client.force_login(editor)
    for model in (Author, Outlet, Rating):
        obj = beyond[model]
        assert_protected(client, reverse(f"admin:{admin_name(model)}_delete", args=[obj.pk]), obj)
        response = client.post(
            reverse(f"admin:{admin_name(model)}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert response.status_code == 200
        assert type(obj).objects.filter(pk=obj.pk).exists()


def admin_name(model):
    return f"{model._meta.app_label}_{model._meta.model_name}"


def test_unused_outlet_can_be_deleted(client, editor):
    """The refusal above is about citations: an outlet nobody cites is deleted."""
    outlet = Outlet.objects.create(name="Gazette", slug="gazette")
    client.force_login(editor)
    response = client.post(
        reverse("admin:factcheck_outlet_delete", args=[outlet.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Outlet.objects.filter(pk=outlet.pk).exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "verified", "scheduled"])
def test_preview_of_a_hidden_story_needs_staff(client, journalist, state):
    """A hidden story is a 404 for readers and non-staff accounts, and a preview for staff."""
    from django.utils import timezone

    status = "published" if state == "scheduled" else state
    published_at = timezone.now() + timezone.timedelta(days=1) if state == "scheduled" else None
    story = make_article(status=status, published_at=published_at, title="Histoire zzsecret")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 404
    reader = make_user("lecteur")  # an account, but not staff
    client.force_login(reader)
    assert client.get(url).status_code == 404
    staff_without_role = make_user("stagiaire", is_staff=True)
    client.force_login(staff_without_role)
    assert client.get(url).status_code == 404
    client.force_login(journalist)
    response = client.get(url)
    assert response.status_code == 200
    assert b'<p class="notice" role="status">' in response.content  # the preview notice
    assert (
        response["Cache-Control"].startswith("private") or "no-cache" in response["Cache-Control"]
    )
    client.logout()
    response = client.get(url)
    assert response.status_code == 404
    assert b"zzsecret" not in response.content
