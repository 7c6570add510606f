"""The list indexes gain the id, the tie-breaker of `latest_first()`.

Lists read stories by (published_at DESC, id DESC). With the id in the index,
PostgreSQL walks it in that order and stops after a page's rows; without it, every
story sharing the page's last instant was read, joined to its version and sorted.

One transaction: writes to stories wait from the first CREATE INDEX to the commit
(the two builds take seconds at 1,000,000 stories); reads go on while the indexes
build, and wait only at the end, when DROP INDEX takes the table for itself: it
waits for the reads already running, and new ones wait behind it, so deploy it
when no long report is reading the stories (docs/deploy.md).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_article_status_edited_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_pub_id_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["region", "status", "-published_at", "-id"],
                name="article_region_pub_id_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="article", name="article_status_pub_idx"),
        migrations.RemoveIndex(model_name="article", name="article_region_pub_idx"),
    ]
