"""Full-text search on PostgreSQL: a weighted tsvector kept by a trigger.

French stemming with accents removed first (``french_unaccent``), so that
"regionales" finds "régionales" and "travailleur" finds "travailleurs".
`unaccent()` is not immutable, so instead of an expression index the vector
is stored in a column (filled by a trigger, bulk inserts included) and
indexed with GIN. A trigram index serves the admin's title search.
Nothing of this runs on SQLite, where search falls back to LIKE.
"""

import django.contrib.postgres.search
from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('french_unaccent', coalesce(NEW.title, '')), 'A') ||
            setweight(to_tsvector('french_unaccent', coalesce(NEW.introduction, '')), 'B') ||
            setweight(to_tsvector('french_unaccent',
                coalesce(NEW.verified_facts, '') || ' ' || coalesce(NEW.development, '') || ' ' ||
                coalesce(NEW.context, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER articles_article_search_vector_trigger
        BEFORE INSERT OR UPDATE OF title, introduction, verified_facts, development, context
        ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    # Bulk loads skip foreign-key triggers (session_replication_role = replica), not this one.
    "ALTER TABLE articles_article ENABLE ALWAYS TRIGGER articles_article_search_vector_trigger",
    "UPDATE articles_article SET title = title",
    "CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS article_title_trgm ON articles_article "
    "USING gin (upper(title) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS article_title_trgm",
    "DROP INDEX IF EXISTS article_search_gin",
    "DROP TRIGGER IF EXISTS articles_article_search_vector_trigger ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
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
    dependencies = [("articles", "0002_seed_regions_and_pages")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
