"""The list indexes gain the id, the tie-breaker of `latest_first()`.

Lists read stories by (published_at DESC, id DESC). With the id in the index,
PostgreSQL walks it in that order and stops after a page's rows; without it, every
story sharing the page's last instant was read, joined to its version and sorted.

The new indexes are built before the old ones are dropped: CREATE INDEX lets readers
through (it holds writes back while it builds: a few seconds at 1,000,000 stories),
and DROP INDEX, which would stop readers too, comes last, just before the commit.
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
