"""The similar-claim finder's columns (factcheck/matching.py).

`match_text` is the claim's label and statement normalised in Python
(factcheck/normalise.py: numbers as digits, elisions, plurals, accents),
filled here for existing claims and by `Claim.save()` afterwards. On
PostgreSQL a trigger keeps `match_vector`, the full-text vector of the
label, the statement and `match_text` in the `french_unaccent`
configuration (articles 0003), bulk loads included; a GIN index serves the
full-text arm and a trigram GIN index on `match_text` the fuzzy arm.
"""

import django.contrib.postgres.search
from django.db import migrations, models

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION factcheck_claim_match_vector() RETURNS trigger AS $$
    BEGIN
        NEW.match_vector := to_tsvector('french_unaccent',
            coalesce(NEW.label, '') || ' ' || coalesce(NEW.statement, '') || ' ' ||
            coalesce(NEW.match_text, ''));
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER factcheck_claim_match_vector_trigger
        BEFORE INSERT OR UPDATE OF label, statement, match_text
        ON factcheck_claim FOR EACH ROW EXECUTE FUNCTION factcheck_claim_match_vector()
    """,
    # Bulk loads skip foreign-key triggers (session_replication_role = replica), not this one.
    "ALTER TABLE factcheck_claim ENABLE ALWAYS TRIGGER factcheck_claim_match_vector_trigger",
    "CREATE INDEX IF NOT EXISTS claim_match_vector_gin ON factcheck_claim "
    "USING gin (match_vector)",
    "CREATE INDEX IF NOT EXISTS claim_match_text_trgm ON factcheck_claim "
    "USING gin (match_text gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS claim_match_text_trgm",
    "DROP INDEX IF EXISTS claim_match_vector_gin",
    "DROP TRIGGER IF EXISTS factcheck_claim_match_vector_trigger ON factcheck_claim",
    "DROP FUNCTION IF EXISTS factcheck_claim_match_vector()",
]


def fill_match_text(apps, schema_editor):
    from factcheck.normalise import match_text

    Claim = apps.get_model("factcheck", "Claim")
    batch = []
    for claim in Claim.objects.only("label", "statement").iterator(chunk_size=2000):
        claim.match_text = match_text(claim.label, claim.statement)
        batch.append(claim)
        if len(batch) >= 2000:
            Claim.objects.bulk_update(batch, ["match_text"])
            batch = []
    Claim.objects.bulk_update(batch, ["match_text"])


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)
    fill_match_text(apps, schema_editor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_evidence"), ("articles", "0003_search_vector")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="match_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
