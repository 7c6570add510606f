"""The story's own hero columns go: 0015 moved their content into the media library."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_i13_media_heroes_to_library"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="article",
            name="article_hero_needs_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_alt",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_caption",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_credit",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_focal_x",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_focal_y",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_height",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_image",
        ),
        migrations.RemoveField(
            model_name="article",
            name="hero_width",
        ),
    ]
