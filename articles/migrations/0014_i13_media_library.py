"""The media library (articles.MediaImage) and the story's hero as one of its images.

The old hero columns stay until 0016: 0015 moves their content into the library."""

import django.core.validators
import django.db.models.deletion
import newsroom.images
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_record_trigger_uses_the_clock"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MediaImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "image",
                    newsroom.images.OrientedImageField(
                        height_field="height",
                        help_text="JPEG, PNG, WebP or GIF; at most 10 MB.",
                        upload_to="media/%Y/%m/",
                        validators=[newsroom.images.ImageUploadValidator()],
                        verbose_name="image",
                        width_field="width",
                    ),
                ),
                ("width", models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ("height", models.PositiveIntegerField(blank=True, editable=False, null=True)),
                (
                    "alt",
                    models.CharField(
                        help_text="What the image shows, for readers who cannot see it.",
                        max_length=250,
                        verbose_name="alternative text",
                    ),
                ),
                ("caption", models.CharField(blank=True, max_length=300, verbose_name="caption")),
                ("credit", models.CharField(blank=True, max_length=150, verbose_name="credit")),
                (
                    "focal_x",
                    models.PositiveSmallIntegerField(
                        default=50,
                        help_text="0 = left edge, 100 = right edge. Crops keep this point in frame.",
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="focal point, horizontal (percent)",
                    ),
                ),
                (
                    "focal_y",
                    models.PositiveSmallIntegerField(
                        default=50,
                        help_text="0 = top edge, 100 = bottom edge.",
                        validators=[django.core.validators.MaxValueValidator(100)],
                        verbose_name="focal point, vertical (percent)",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
            ],
            options={
                "verbose_name": "library image",
                "verbose_name_plural": "media library",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="mediaimage",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="added by",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                help_text="An image of the media library: search it by its description, caption or credit, or add one (its alternative text is required).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stories",
                to="articles.mediaimage",
                verbose_name="hero image",
            ),
        ),
        migrations.AddConstraint(
            model_name="mediaimage",
            constraint=models.CheckConstraint(
                condition=models.Q(("alt", ""), _negated=True),
                name="mediaimage_needs_alt",
                violation_error_message="An image needs its alternative text.",
            ),
        ),
        migrations.AddConstraint(
            model_name="mediaimage",
            constraint=models.CheckConstraint(
                condition=models.Q(("image", ""), _negated=True), name="mediaimage_has_file"
            ),
        ),
    ]
