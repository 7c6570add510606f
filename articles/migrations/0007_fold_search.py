"""Accent-insensitive admin search on PostgreSQL (newsroom/folding.py).

`newsroom_fold(text)` is lower(unaccent(text)) declared IMMUTABLE (unaccent
itself is STABLE, its rules file being replaceable), so that trigram indexes
can be built on it: they serve `newsroom_fold(title) LIKE '%velo%'` for the
title, the introduction, tag names and history comments. The old index on upper(title) served
the admin's former case-insensitive search, which no longer exists.
On SQLite the same function is registered in Python on each connection.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION newsroom_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
    """,
    "DROP INDEX IF EXISTS article_title_trgm",
    "CREATE INDEX IF NOT EXISTS article_title_fold_trgm ON articles_article "
    "USING gin (newsroom_fold(title) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS article_intro_fold_trgm ON articles_article "
    "USING gin (newsroom_fold(introduction) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS tag_name_fold_trgm ON taggit_tag "
    "USING gin (newsroom_fold(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS event_comment_fold_trgm ON articles_articleevent "
    "USING gin (newsroom_fold(comment) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS event_comment_fold_trgm",
    "DROP INDEX IF EXISTS tag_name_fold_trgm",
    "DROP INDEX IF EXISTS article_intro_fold_trgm",
    "DROP INDEX IF EXISTS article_title_fold_trgm",
    "CREATE INDEX IF NOT EXISTS article_title_trgm ON articles_article "
    "USING gin (upper(title) gin_trgm_ops)",
    # The function stays: factcheck's index may still use it.
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_region_not_its_own_parent"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(forward, backward)]
