"""Every story's hero image becomes a media library image, nothing lost.

One library image per distinct (file, alternative text, caption, credit, focal
point): stories that showed the same file with the same description share it;
the same file described differently keeps each description. The file is not
copied (stored once) and the story content is unchanged, so content hashes,
revisions and published versions stay valid. Reversible.
"""

from django.db import migrations

DESCRIBED = ("hero_alt", "hero_caption", "hero_credit", "hero_focal_x", "hero_focal_y")


def heroes_to_library(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    MediaImage = apps.get_model("articles", "MediaImage")
    library = {}
    rows = (
        Article.objects.exclude(hero_image="")
        .order_by("pk")
        .values("pk", "hero_image", "hero_width", "hero_height", "created_by_id", *DESCRIBED)
    )
    for row in rows.iterator():
        key = (row["hero_image"], *(row[name] for name in DESCRIBED))
        if key not in library:
            image = MediaImage(
                alt=row["hero_alt"] or row["hero_image"],
                caption=row["hero_caption"],
                credit=row["hero_credit"],
                focal_x=row["hero_focal_x"],
                focal_y=row["hero_focal_y"],
                width=row["hero_width"],
                height=row["hero_height"],
                created_by_id=row["created_by_id"],
            )
            # Named, not assigned: assigning would open the file to measure it again.
            image.image.name = row["hero_image"]
            image.save()
            library[key] = image.pk
        Article.objects.filter(pk=row["pk"]).update(hero_id=library[key])


def library_to_heroes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(hero__isnull=False).select_related("hero"):
        image = article.hero
        Article.objects.filter(pk=article.pk).update(
            hero_image=image.image.name,
            hero_width=image.width,
            hero_height=image.height,
            hero_alt=image.alt,
            hero_caption=image.caption,
            hero_credit=image.credit,
            hero_focal_x=image.focal_x,
            hero_focal_y=image.focal_y,
            hero=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_i13_media_library"),
    ]

    operations = [
        migrations.RunPython(heroes_to_library, library_to_heroes, elidable=False),
    ]
