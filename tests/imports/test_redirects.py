"""Old WordPress addresses answer 301 to the new pages; nothing else changes."""

import pytest

from articles.models import Article
from imports.models import ImportedItem, LegacyRedirect
from imports.services import WordPressImport, read_region_map
from tests.imports.wxr import author, category, export, item, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path, superuser):
    regions = tmp_path / "regions.json"
    regions.write_text('{"normandie": "normandie"}')
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            author("mlebas", "Marie Lebas"),
            category("normandie", "Normandie"),
            category("faits-divers", "Faits divers"),
            tag("crue", "Crue"),
            item(
                101,
                "La crue de l'Orne",
                slug="crue-orne",
                categories=[("normandie", "Normandie"), ("faits-divers", "Faits divers")],
                tags=[("crue", "Crue")],
            ),
            item(102, "Projet secret", slug="projet-secret", status="draft"),
            item(103, "Méthodologie", post_type="page", slug="methodologie"),
            item(104, "Agenda", post_type="page", slug="agenda"),
        )
    )
    return WordPressImport(path=path, user=superuser, region_map=read_region_map(regions)).run()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2019/03/14/crue-orne/", "/articles/crue-orne/"),
        ("/2019/03/14/crue-orne", "/articles/crue-orne/"),
        ("/2019/03/crue-orne/", "/articles/crue-orne/"),
        ("/crue-orne/", "/articles/crue-orne/"),
        ("/?p=101", "/articles/crue-orne/"),
        ("/archives/101", "/articles/crue-orne/"),
        ("/category/normandie/", "/regions/normandie/"),
        ("/category/normandie/feed/", "/flux/regions/normandie.rss"),
        ("/category/faits-divers/", "/tags/faits-divers/"),
        ("/tag/crue/", "/tags/crue/"),
        ("/author/mlebas/", "/auteurs/marie-lebas/"),
        ("/feed/", "/flux/articles.rss"),
        ("/feed/atom/", "/flux/articles.atom"),
        ("/methodologie/", "/pages/methodologie/"),
        ("/?page_id=103", "/pages/methodologie/"),
    ],
)
def test_old_addresses_answer_301_to_the_new_page(client, imported, old, new):
    """A reader or a search engine following an old link lands on the new page."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_an_old_address_follows_a_renamed_story(client, imported, superuser):
    """The table points at the story, not at its slug of the day."""
    Article.objects.filter(slug="crue-orne").update(slug="crue-de-l-orne")
    assert client.get("/?p=101")["Location"] == "/articles/crue-de-l-orne/"


@pytest.mark.parametrize(
    "path", ["/2019/03/14/projet-secret/", "/?p=102", "/agenda/", "/nulle-part/", "/?p=999"]
)
def test_unknown_and_unpublished_addresses_are_left_alone(client, imported, path):
    """A draft's old address reveals nothing; an unknown one is still a 404 (or the home
    page for an unknown ?p=)."""
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "Location" not in response
    # The address typed may be echoed (the language links); nothing else of the draft.
    assert "projet-secret" not in response.content.decode().replace(path, "")


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_a_redirect_never_leaves_the_site(client, db, target):
    """Even a table row typed with another host answers 404, not a redirect."""
    LegacyRedirect.objects.create(old_path="/ancien", target_path=target)
    response = client.get("/ancien/")
    assert response.status_code == 404


def test_a_post_request_is_not_redirected(client, imported):
    assert client.post("/2019/03/14/crue-orne/").status_code in (403, 404, 405)


def test_the_redirect_table_is_visible_in_the_admin(admin_client, imported):
    """Editors find every old address and where it leads."""
    response = admin_client.get("/admin/imports/legacyredirect/?q=crue-orne")
    assert response.status_code == 200
    assert "/2019/03/14/crue-orne" in response.content.decode()
    assert admin_client.get("/admin/imports/importeditem/").status_code == 200
    assert admin_client.get("/admin/imports/importedauthor/").status_code == 200


def test_a_redirect_costs_one_query(client, imported, django_assert_max_num_queries):
    """The lookup is one indexed query, with the story's slug joined in."""
    with django_assert_max_num_queries(1):
        response = client.get("/?p=101")
    assert response.status_code == 301


def test_editors_manage_the_redirect_table(client, editor, imported):
    """An editor sees the old addresses and can add one; the import records stay read-only."""
    client.force_login(editor)
    assert client.get("/admin/imports/legacyredirect/").status_code == 200
    assert client.get("/admin/imports/legacyredirect/add/").status_code == 200
    assert client.get("/admin/imports/importeditem/").status_code == 200
    item = ImportedItem.objects.first()
    response = client.post(f"/admin/imports/importeditem/{item.pk}/change/", {"wp_id": 1})
    assert response.status_code == 403
    assert ImportedItem.objects.get(pk=item.pk).wp_id != 1
