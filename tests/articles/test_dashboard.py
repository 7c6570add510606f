"""The admin index: an editor's queues and a journalist's own stories."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleEvent, Author, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def newsroom(journalist, other_journalist, editor):
    """One story of each kind, by the journalist, a colleague and the editor."""
    later = timezone.now() + timedelta(days=1)
    return {
        "my_draft": make_article(title="Brouillon de Léa", author=journalist),
        "my_submitted": make_article(
            title="Soumis par Léa", author=journalist, status=Status.SUBMITTED
        ),
        "my_published": make_article(
            title="Publié de Léa", author=journalist, status=Status.PUBLISHED
        ),
        "my_scheduled": make_article(
            title="Programmé de Léa",
            author=journalist,
            status=Status.PUBLISHED,
            published_at=later,
        ),
        "colleague_draft": make_article(title="Brouillon de Hugo", author=other_journalist),
        "colleague_verified": make_article(
            title="Vérifié de Hugo", author=other_journalist, status=Status.VERIFIED
        ),
        "editor_submitted": make_article(
            title="Soumis par Claire", author=editor, status=Status.SUBMITTED
        ),
    }


def section(page, element_id):
    """The HTML of one module of the dashboard."""
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</div>", start)]


def test_editor_sees_what_waits_for_them(client, editor, newsroom):
    """The editor sees others' submitted stories to verify, verified ones and scheduled ones."""
    client.force_login(editor)
    page = client.get(INDEX).content.decode()
    to_verify = section(page, "desk-verify")
    assert "Soumis par Léa" in to_verify
    assert "Soumis par Claire" not in to_verify  # four eyes: not theirs to verify
    assert "To verify (1)" in to_verify
    assert "Vérifié de Hugo" in section(page, "desk-publish")
    scheduled = section(page, "desk-scheduled")
    assert "Programmé de Léa" in scheduled and "Publié de Léa" not in scheduled
    for name in ("Brouillon de Hugo", "Brouillon de Léa"):
        assert name not in page
    assert reverse("admin:articles_article_change", args=[newsroom["my_submitted"].pk]) in page
    assert "?view=awaiting" in page and "?view=verified" in page and "?view=scheduled" in page


def test_editor_who_writes_sees_their_stories_too(client, editor, newsroom):
    """An editor with a byline also sees where their own stories stand."""
    client.force_login(editor)
    page = client.get(INDEX).content.decode()
    assert "Soumis par Claire" in section(page, "desk-latest")


def test_editor_without_byline_sees_only_queues(client, second_editor, newsroom):
    """An editor who signs nothing sees the queues, without an empty “my stories”."""
    client.force_login(second_editor)
    page = client.get(INDEX).content.decode()
    assert 'id="desk-verify"' in page
    assert 'id="desk-mine"' not in page
    assert "Soumis par Claire" in section(page, "desk-verify")


def test_journalist_sees_their_stories_by_state(client, journalist, newsroom):
    """The journalist sees counts of their own stories per state, linked to the list."""
    client.force_login(journalist)
    page = client.get(INDEX).content.decode()
    assert 'id="desk-verify"' not in page
    mine = section(page, "desk-mine")
    author_id = journalist.author.pk
    counts = {
        "mine": 1,
        "awaiting": 1,
        "verified": 0,
        "scheduled": 1,
        "published": 1,
        "withdrawn": 0,
    }
    for view, count in counts.items():
        link = "?view=mine" if view == "mine" else f"?view={view}&amp;author="
        start = mine.index(link)
        assert f'<td class="count">{count}</td>' in mine[start : mine.index("</tr>", start)], view
    assert f"author={author_id}" in mine
    latest = section(page, "desk-latest")
    for name in ("Brouillon de Léa", "Soumis par Léa", "Publié de Léa", "Programmé de Léa"):
        assert name in latest
    assert "Hugo" not in latest and "Claire" not in latest
    assert "scheduled" in latest


def test_journalist_sees_why_a_draft_came_back(client, journalist, editor, newsroom):
    """A returned draft shows the editor's comment on the journalist's dashboard."""
    draft = newsroom["my_draft"]
    ArticleEvent.objects.create(
        article=draft,
        actor=editor,
        action=ArticleEvent.Action.RETURN,
        from_status=Status.SUBMITTED,
        to_status=Status.DRAFT,
        comment="Il manque l'arrêté municipal.",
    )
    client.force_login(journalist)
    latest = section(client.get(INDEX).content.decode(), "desk-latest")
    assert "Returned by Claire Dubois:" in latest
    assert "Il manque l&#x27;arrêté municipal." in latest


def test_shortcut_links_list_the_counted_stories(client, journalist, newsroom):
    """Following the “awaiting verification” link lists the journalist's submitted story."""
    client.force_login(journalist)
    url = reverse("admin:articles_article_changelist")
    response = client.get(url, {"view": "awaiting", "author": journalist.author.pk})
    assert response.status_code == 200
    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == ["Soumis par Léa"]
    drafts = client.get(url, {"view": "mine"}).context["cl"].result_list
    assert [article.title for article in drafts] == ["Brouillon de Léa"]


def test_journalist_without_author_profile_is_told(client, journalist):
    """A journalist whose account has no byline is told to ask for one."""
    Author.objects.filter(user=journalist).update(user=None)
    client.force_login(journalist)
    page = client.get(INDEX).content.decode()
    assert "Your account has no author profile yet" in page


@pytest.mark.parametrize("fixture", ["editor", "journalist"])
def test_dashboard_queries_do_not_grow_with_the_newsroom(
    request, client, django_assert_max_num_queries, newsroom, journalist, editor, fixture
):
    """The index runs a fixed number of queries: no query per listed story, region or person."""
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    # 20 for the desk and the app list, 1 for the reader tips' counts (one query).
    with django_assert_max_num_queries(21) as few:
        client.get(INDEX)
    for index in range(25):
        status = (Status.SUBMITTED, Status.VERIFIED, Status.DRAFT)[index % 3]
        article = make_article(author=journalist, status=status, submitted_by=journalist)
        ArticleEvent.objects.create(
            article=article, actor=editor, action=ArticleEvent.Action.RETURN, comment="x"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INDEX)
    assert response.status_code == 200
