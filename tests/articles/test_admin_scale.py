"""The article list stays cheap however large the archive: bounded counts and queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from newsroom.pagination import CappedCountPaginator
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def test_date_drilldown_lists_years_then_months(client, superuser):
    """Years span the first to the last publication; a year offers its twelve months."""
    make_article(
        status=Status.PUBLISHED, published_at=timezone.now().replace(year=2021, month=3, day=1)
    )
    make_article(status=Status.PUBLISHED)
    client.force_login(superuser)
    page = client.get(reverse(CHANGELIST)).content.decode()
    this_year = timezone.localtime().year
    for year in range(2021, this_year + 1):
        assert f"published_at__year={year}" in page
    by_year = client.get(reverse(CHANGELIST), {"published_at__year": 2021}).content.decode()
    assert by_year.count("published_at__month=") == 12


def test_recent_tag_filter_narrows_the_list(client, superuser):
    """Choosing a tag in the sidebar lists only the stories with that tag."""
    tagged = make_article(title="Marée d'équinoxe à Granville")
    tagged.tags.add("marées")
    make_article(title="Fermeture de la piscine de Vire")
    client.force_login(superuser)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "?tag=marees" in page
    filtered = client.get(reverse(CHANGELIST), {"tag": "marees"}).content.decode()
    assert "Granville" in filtered and "piscine de Vire" not in filtered


def test_author_filter_offers_the_authors_of_recent_stories_and_keeps_any_chosen(
    client, superuser, monkeypatch
):
    """The sidebar names the authors of the stories edited last (not every byline of
    the archive); a link naming an older author (the dashboard's) still filters."""
    from articles.admin import article as article_admin
    from articles.models import Author

    monkeypatch.setattr(article_admin, "RECENT_STORIES", 2)
    old = Author.objects.create(name="Odile Ancienne", slug="odile-ancienne")
    earlier = make_article(title="Le lavoir de Mortain restauré", author=old)
    recent = [
        Author.objects.create(name=name, slug=slug)
        for name, slug in (("Yann Récent", "yann-recent"), ("Zoé Récente", "zoe-recente"))
    ]
    for author in recent:
        make_article(title=f"Un article de {author.name}", author=author)
    client.force_login(superuser)
    page = client.get(reverse(CHANGELIST)).content.decode()
    for author in recent:
        assert f"author={author.pk}" in page
    assert f"author={old.pk}" not in page
    chosen = client.get(reverse(CHANGELIST), {"author": old.pk})
    text = chosen.content.decode()
    assert f"author={old.pk}" in text  # named while chosen
    assert earlier.title in text and "Un article de Yann" not in text
    for junk in ("abc", "9" * 30, "-1", "²", "٣", ""):
        response = client.get(reverse(CHANGELIST), {"author": junk})
        assert response.status_code == 200, junk
        if junk:
            assert earlier.title not in response.content.decode()


def test_counts_stop_at_the_cap(monkeypatch, superuser, client):
    """Past the cap the list stops counting and still pages."""
    monkeypatch.setattr(CappedCountPaginator, "COUNT_CAP", 3)
    for _ in range(5):
        make_article()
    client.force_login(superuser)
    response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 3


@pytest.mark.parametrize("stories", [1, 30])
def test_changelist_queries_do_not_grow(client, superuser, stories, django_assert_max_num_queries):
    """Article list: no query per row for its region, authors or status (at 1 and 30 rows)."""
    for _ in range(stories):
        make_article(status=Status.PUBLISHED, author=None)
    client.force_login(superuser)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(CHANGELIST)).status_code == 200
