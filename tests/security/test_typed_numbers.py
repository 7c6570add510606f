"""Numbers typed into requests: "²" and "٣" pass str.isdigit(), a 30-digit id
overflows a bigint. Every endpoint that reads a number from the request answers
them with a refusal or a 404, never a 500, and changes nothing."""

import pytest
from django.urls import reverse

from articles.models import Article, Status
from newsroom.numbers import parse_number
from tests.factories import make_article

pytestmark = pytest.mark.django_db

NOT_NUMBERS = ["²", "٣", "9" * 30, "-1", "1e3", " 1", ""]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("0", 0), ("42", 42), (str(2**63 - 1), 2**63 - 1), (str(2**63), None)]
    + [(raw, None) for raw in NOT_NUMBERS],
)
def test_parse_number(raw, number):
    assert parse_number(raw) == number


@pytest.fixture
def article(journalist):
    return make_article(author=journalist, status=Status.DRAFT, title="Le phare de Gatteville")


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_every_admin_endpoint_that_reads_a_number_refuses_what_is_not_one(
    client, superuser, article, raw
):
    client.force_login(superuser)
    version = Article.objects.get(pk=article.pk).version
    posts = [
        (
            reverse("admin:articles_article_transition", args=[article.pk, "submit"]),
            {"t-submit-loaded_version": raw},
        ),
        (
            reverse("admin:articles_article_restore", args=[article.pk]),
            {"source": raw, "loaded_version": raw},
        ),
        (
            reverse("admin:articles_article_work_type", args=[article.pk]),
            {"work_type": "report", "loaded_version": raw},
        ),
        (reverse("admin:articles_article_autosave"), {"article": raw, "fields": "[]"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400, 403, 404), (url, raw, response.status_code)
    response = client.get(reverse("admin:articles_article_changelist"), {"author": raw})
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).version == version
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
