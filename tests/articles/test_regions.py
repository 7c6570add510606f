"""The region tree: no place inside itself at any depth, and every walk of it bounded."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article, Region, Status
from articles.models.region import MAX_DEPTH
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(normandie):
    """France > Normandie > Calvados > Caen."""
    calvados = Region.objects.create(
        name="Calvados", slug="calvados", level=Region.Level.DEPARTEMENT, parent=normandie
    )
    caen = Region.objects.create(name="Caen", slug="caen", level=Region.Level.CITY, parent=calvados)
    return {"france": normandie.parent, "normandie": normandie, "calvados": calvados, "caen": caen}


def post_parent(client, region, parent):
    return client.post(
        reverse("admin:articles_region_change", args=[region.pk]),
        {
            "name": region.name,
            "slug": region.slug,
            "level": region.level,
            "parent": str(parent.pk),
            "code": region.code,
        },
    )


@pytest.mark.parametrize(
    ("child", "parent"),
    [("normandie", "normandie"), ("normandie", "caen"), ("france", "calvados")],
)
def test_the_admin_refuses_a_place_inside_itself(client, editor, tree, child, parent):
    """An editor who puts a region inside itself, or inside one of its own places, gets an
    error next to "parent" and nothing changes."""
    client.force_login(editor)
    response = post_parent(client, tree[child], tree[parent])
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "parent" in errors
    assert "inside itself" in str(errors["parent"]) or "lui-même" in str(errors["parent"])
    tree[child].refresh_from_db()
    assert tree[child].parent_id != tree[parent].pk


def test_the_admin_still_moves_a_place_elsewhere(client, editor, tree):
    """Moving Caen under Normandie directly is an ordinary change."""
    client.force_login(editor)
    assert post_parent(client, tree["caen"], tree["normandie"]).status_code == 302
    tree["caen"].refresh_from_db()
    assert tree["caen"].parent == tree["normandie"]


def test_every_writer_is_refused_a_loop(tree):
    """A command or a script that saves a loop gets an error; the tree stays as it was."""
    normandie = tree["normandie"]
    normandie.parent = tree["caen"]
    with pytest.raises(ValidationError):
        normandie.save()
    assert Region.objects.get(pk=normandie.pk).parent == tree["france"]


def test_the_database_refuses_a_place_that_is_its_own_parent(tree):
    """Even a bulk update cannot make a place its own parent."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.filter(slug="calvados").update(parent=tree["calvados"])


@pytest.fixture
def loop(tree, journalist):
    """Normandie and Caen inside each other, as a bulk update could leave them."""
    Region.objects.filter(pk=tree["normandie"].pk).update(parent=tree["caen"])
    make_article(status=Status.PUBLISHED, author=journalist, region=tree["caen"], slug="caen-story")
    return tree


@pytest.mark.parametrize(
    "url",
    [
        "/regions/normandie/",
        "/regions/caen/",
        "/regions/calvados/",
        "/regions/",
        "/flux/regions/normandie.rss",
        "/verifications/?region=normandie",
        "/sitemap-regions.xml",
        "/",
    ],
)
def test_a_stored_loop_never_makes_a_page_endless(client, loop, url):
    """A loop left in the data by a bulk update: every region page and feed still answers."""
    response = client.get(url)
    assert response.status_code == 200


def test_walks_of_a_looped_tree_are_bounded(loop):
    """Descendants and breadcrumbs of a looped tree are finite and list each place once."""
    normandie = Region.objects.get(slug="normandie")
    ids = normandie.self_and_descendant_ids()
    assert len(ids) == len(set(ids)) == 3
    assert set(ids) == {loop["normandie"].pk, loop["calvados"].pk, loop["caen"].pk}
    assert len(normandie.ancestors()) <= MAX_DEPTH
    assert Article.objects.published().for_region(normandie).count() == 1


def test_a_deep_chain_is_walked_to_a_bound(normandie):
    """A chain deeper than any real geography is cut at MAX_DEPTH, not followed forever."""
    place = normandie
    for depth in range(MAX_DEPTH * 2):
        place = Region.objects.create(name=f"Lieu {depth}", slug=f"lieu-{depth}", parent=place)
    assert len(place.ancestors()) <= MAX_DEPTH
    assert len(normandie.self_and_descendant_ids()) <= MAX_DEPTH + 1


def test_the_region_page_shows_its_breadcrumbs(client, tree):
    """Caen's page names Normandie then Calvados above its title, each a link."""
    html = client.get("/regions/caen/").content.decode()
    assert (
        '<p class="kicker"><a href="/regions/normandie/">Normandie</a> › '
        '<a href="/regions/calvados/">Calvados</a></p>'
    ) in html


@pytest.mark.parametrize("slug", ["france", "normandie", "calvados", "caen"])
def test_a_region_page_reads_its_place_breadcrumbs_and_stories_in_two_queries(
    client, tree, slug, django_assert_max_num_queries
):
    """Every place in one compiled statement, then the place's first page of stories:
    none per level above it or below it."""
    make_article(status=Status.PUBLISHED, region=tree["caen"], title="Caen : la foire rouvre")
    client.get(f"/regions/{slug}/")  # the counts and the frame kept
    with django_assert_max_num_queries(2):
        response = client.get(f"/regions/{slug}/")
    assert response.status_code == 200
    assert "Caen : la foire rouvre" in response.content.decode()


def test_an_unknown_region_is_a_404(client, tree):
    assert client.get("/regions/atlantide/").status_code == 404
    assert client.get("/en/regions/atlantide/").status_code == 404


def test_the_region_page_of_a_deep_chain_stops_its_breadcrumbs_at_the_bound(client, normandie):
    place = normandie
    for depth in range(MAX_DEPTH * 2):
        place = Region.objects.create(name=f"Lieu {depth}", slug=f"lieu-{depth}", parent=place)
    response = client.get(f"/regions/{place.slug}/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/regions/lieu-') <= MAX_DEPTH
