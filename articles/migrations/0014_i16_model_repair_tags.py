"""Repair tags made before tags were folded and slugged the French way (articles/tagging.py).

Accent, case or apostrophe variants of one subject ("Zone a faibles emissions" beside
"Zone à faibles émissions", slug "zone-a-faibles-emissions_1") are merged into the
oldest of them, and slugs that lost letters ("vux-du-maire") get the newsroom's slug.

Only where no public address breaks: a tag carried by a story that is verified,
published or withdrawn is left exactly as it is, because its name and slug are part
of that story's verified hash and published versions, and its /tags/<slug>/ page may be
linked from them. Such tags stay until an editor merges them in the tag admin.
"""

from django.db import migrations

from newsroom.folding import fold
from newsroom.slugs import slugify

RECORDED = ("verified", "published", "withdrawn")


def repair(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Article = apps.get_model("articles", "Article")
    story_type = ContentType.objects.filter(app_label="articles", model="article").first()
    if story_type is None:
        return
    recorded_stories = Article.objects.filter(status__in=RECORDED).values("pk")
    frozen = set(
        TaggedItem.objects.filter(
            content_type=story_type, object_id__in=recorded_stories
        ).values_list("tag_id", flat=True)
    )
    groups = {}
    for tag in Tag.objects.order_by("pk"):
        groups.setdefault(fold(tag.name), []).append(tag)
    for tags in groups.values():
        keep, *twins = tags
        for twin in twins:
            if twin.pk in frozen:
                continue
            for item in TaggedItem.objects.filter(tag=twin):
                duplicate = TaggedItem.objects.filter(
                    tag=keep, content_type_id=item.content_type_id, object_id=item.object_id
                )
                if duplicate.exists():
                    item.delete()
                else:
                    item.tag = keep
                    item.save(update_fields=["tag"])
            twin.delete()
    limit = Tag._meta.get_field("slug").max_length - 5
    for tag in Tag.objects.exclude(pk__in=frozen).order_by("pk"):
        slug = slugify(tag.name, limit)
        if slug and slug != tag.slug and not Tag.objects.filter(slug=slug).exists():
            tag.slug = slug
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_record_trigger_uses_the_clock"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
