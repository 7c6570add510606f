"""The published record's trigger compares with the clock, not the transaction's start.

PostgreSQL's now() is the time the transaction began: a version cut later in the
same transaction looked "not yet published" to the trigger, which then let it be
deleted. clock_timestamp() is the actual time.
"""

from django.db import migrations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION articles_publishedversion_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'published versions are immutable';
    END IF;
    IF OLD.published_at <= clock_timestamp() THEN
        RAISE EXCEPTION 'a published version readers could see is never deleted';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

PG_PREVIOUS = PG_FUNCTION.replace("clock_timestamp()", "now()")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_original_outlet")]

    operations = [migrations.RunPython(forwards, backwards)]
