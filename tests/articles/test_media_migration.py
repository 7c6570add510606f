"""The migration that moves every story's hero image into the media library loses nothing."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import record
from articles.models import Article, MediaImage

BEFORE = [("articles", "0014_i13_media_library")]
AFTER = [("articles", "0016_i13_media_drop_hero_columns")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_heroes_become_library_images_with_everything_they_had(django_db_serialized_rollback):
    """Each story keeps its image, alternative text, caption, credit, size and focal point;
    stories that showed the same file the same way share one library image; the story
    content (what verification hashed) is the same before and after."""
    old = migrate(BEFORE)
    OldArticle = old.get_model("articles", "Article")
    Region = old.get_model("articles", "Region")
    region = Region.objects.get(slug="normandie")
    hero = {
        "hero_image": "articles/2024/05/digue.jpg",
        "hero_width": 1600,
        "hero_height": 900,
        "hero_alt": "La digue de Granville",
        "hero_caption": "À marée haute.",
        "hero_credit": "Rédaction",
        "hero_focal_x": 30,
        "hero_focal_y": 70,
    }
    shared = [
        OldArticle.objects.create(title=f"Digue {n}", slug=f"digue-{n}", region=region, **hero)
        for n in range(2)
    ]
    other = OldArticle.objects.create(
        title="Digue, autrement", slug="digue-autre", region=region, **{**hero, "hero_alt": "Autre"}
    )
    bare = OldArticle.objects.create(title="Sans image", slug="sans-image", region=region)
    migrate(AFTER)

    assert MediaImage.objects.count() == 2
    first, second = (Article.objects.get(pk=a.pk) for a in shared)
    assert first.hero_id == second.hero_id
    image = first.hero
    assert image.image.name == "articles/2024/05/digue.jpg"
    assert (image.width, image.height, image.focal) == (1600, 900, (30, 70))
    assert (image.alt, image.caption, image.credit) == (
        "La digue de Granville",
        "À marée haute.",
        "Rédaction",
    )
    assert Article.objects.get(pk=other.pk).hero.alt == "Autre"
    assert Article.objects.get(pk=bare.pk).hero is None
    assert record.story_content(first)["article"]["hero"] == {
        "image": "articles/2024/05/digue.jpg",
        "alt": "La digue de Granville",
        "caption": "À marée haute.",
        "credit": "Rédaction",
        "width": 1600,
        "height": 900,
        "focal_point": [30, 70],
    }

    # And back: the columns are filled again from the library.
    old = migrate(BEFORE)
    OldArticle = old.get_model("articles", "Article")
    restored = OldArticle.objects.get(pk=other.pk)
    assert (restored.hero_image.name, restored.hero_alt, restored.hero_focal_x) == (
        "articles/2024/05/digue.jpg",
        "Autre",
        30,
    )
    migrate(AFTER)
