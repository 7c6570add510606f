"""Trigram indexes on the folded claim texts the admin searches (PostgreSQL): the
story list looks in claim labels, the claim list in labels, statements and
claimants, accents folded (articles 0007, newsroom/folding.py)."""

from django.db import migrations

COLUMNS = {
    "label": "claim_label_fold_trgm",
    "statement": "claim_statement_fold_trgm",
    "claimant": "claim_claimant_fold_trgm",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column, index in COLUMNS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON factcheck_claim "
                f"USING gin (newsroom_fold({column}) gin_trgm_ops)"
            )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in COLUMNS.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0002_seed_ratings"), ("articles", "0007_fold_search")]

    operations = [migrations.RunPython(forward, backward)]
