"""Where a claim appeared: its date is known to the year, the month or the day (newsroom/partialdates.py).

The column becomes ISO 8601 text at its precision. Every date already stored is a
full day and keeps its value ("2025-03-15"), so no published record changes. On
PostgreSQL the conversion is spelled out with to_char (a plain cast would follow the
server's DateStyle); on SQLite dates already are such text.
"""

from django.db import migrations

import newsroom.partialdates

TABLE, COLUMN = "factcheck_claimappearance", "appeared_on"


def field():
    new = newsroom.partialdates.PartialDateField(null=True, blank=True)
    new.set_attributes_from_name(COLUMN)
    return new


def to_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN {COLUMN} TYPE varchar(10) "
            f"USING to_char({COLUMN}, 'YYYY-MM-DD')"
        )
        return
    model = apps.get_model("factcheck", "ClaimAppearance")
    new = field()
    new.model = model
    schema_editor.alter_field(model, model._meta.get_field(COLUMN), new)


def to_date(apps, schema_editor):
    """Back to a date: a year or a month becomes its first day."""
    padded = (
        f"CASE length({COLUMN}) WHEN 4 THEN {COLUMN} || '-01-01' "
        f"WHEN 7 THEN {COLUMN} || '-01' ELSE {COLUMN} END"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN {COLUMN} TYPE date "
            f"USING to_date({padded}, 'YYYY-MM-DD')"
        )
        return
    schema_editor.execute(f"UPDATE {TABLE} SET {COLUMN} = {padded}")  # noqa: S608
    model = apps.get_model("factcheck", "ClaimAppearance")
    from django.db import models

    old = models.DateField(null=True, blank=True)
    old.set_attributes_from_name(COLUMN)
    old.model = model
    schema_editor.alter_field(model, model._meta.get_field(COLUMN), old)


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0008_i16_model_source_kinds")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claimappearance",
                    name=COLUMN,
                    field=newsroom.partialdates.PartialDateField(
                        blank=True,
                        help_text="2025, 03/2025 or 15/03/2025: only what is known, "
                        "as readers will see it.",
                        null=True,
                        verbose_name="date",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(to_text, to_date)],
        ),
    ]
