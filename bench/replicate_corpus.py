#!/usr/bin/env python
"""Grow a generated corpus by copying its stories in SQL: the 1,000,000-story bench.

`manage.py generate_corpus` freezes every public story through the same rendering
as a publication, about 12 ms of Python per story: a million stories take some
two hours on two cores. What a bench at a million stories measures (index depth,
list and keyset pages, counts, the admin's list, search) depends on how many rows
there are, not on each story's text being different. So this tool copies every
story graph of a corpus `--copies` times inside PostgreSQL:

- a copy is the same story with new ids (story, bylines, tags, sources, claims
  and their sources and appearances, quotes, corrections, published versions),
  the slug ``<slug>-<k>``, and its publication ``k`` seconds earlier, so that the
  archive keeps its ten years and gets ``copies + 1`` times denser;
- its published versions are copied as they are, with a record hash of their
  own. Their frozen pages name the original's address, which the story page
  rewrites to the copy's on the way out, as for a renamed story;
- foreign-key checks are skipped during the copy (the ids are consistent by
  construction); the search and matching vectors are computed by their
  triggers; the GIN indexes are dropped and built once at the end, and the
  tables analysed.

A bench tool, not part of the product: the copies' hash chains are not
verifiable (`verify_record` reports them). docs/performance.md says which
figures come from such a corpus.

    python bench/replicate_corpus.py --database-url postgres://…/newsroom_bench --copies 9
"""

from __future__ import annotations

import argparse
import time

from common import log, setup_django_in_process


def plan(models_spans, article_ct):
    """{model: (column list, expression list)} of the INSERT … SELECT of copy `%(k)s`.

    `models_spans` maps each copied model to the largest id it had before copying
    (a copy's ids are shifted by k times that, so no two copies collide).
    """
    from articles.models import Article, PublishedVersion

    statements = {}
    spans = {model.__name__: span for model, span in models_spans.items()}

    def shifted(column, model_name):
        return f"{column} + %(k)s * {spans[model_name]}"

    for model in models_spans:
        columns, expressions = [], []
        for field in model._meta.concrete_fields:
            column = field.column
            quoted = f'"{column}"'
            if field.primary_key:
                expression = shifted(quoted, model.__name__)
            elif model is Article and column == "slug":
                expression = "slug || '-' || %(k)s"
            elif model is Article and column == "search_vector":
                continue  # its trigger computes it
            elif column == "published_at" and model in (Article, PublishedVersion):
                expression = "published_at - make_interval(secs => %(k)s)"
            elif model is PublishedVersion and column == "record_hash":
                expression = (
                    "encode(sha256(convert_to(record_hash || ':' || %(k)s, 'UTF8')), 'hex')"
                )
            elif model.__name__ == "TaggedItem" and column == "object_id":
                expression = shifted(quoted, "Article")
            elif field.is_relation and field.related_model.__name__ in spans:
                expression = shifted(quoted, field.related_model.__name__)
            else:
                expression = quoted
            columns.append(quoted)
            expressions.append(expression)
        where = f"{model._meta.pk.column} <= {spans[model.__name__]}"
        if model.__name__ == "TaggedItem":
            where += f" AND content_type_id = {article_ct}"
        table = model._meta.db_table
        # Table and column names from the models, numbers from the database: no input.
        statements[model] = (
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(expressions)} FROM {table} WHERE {where}"
        )
    return statements


def replicate(copies: int) -> int:
    """Add `copies` copies of every story of the database; returns the story count."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from articles.models import Article, PublishedVersion
    from demo.corpus import CorpusGenerator, max_pk, reset_sequences
    from demo.management.commands.generate_corpus import BULK_INDEXES

    if connection.vendor != "postgresql":
        raise SystemExit("The copy is written in PostgreSQL's SQL.")
    models = [*CorpusGenerator.story_models(), PublishedVersion]
    spans = {model: max_pk(model) for model in models}
    if not spans[Article]:
        raise SystemExit("No stories to copy: run `manage.py generate_corpus` first.")
    statements = plan(spans, ContentType.objects.get_for_model(Article).pk)
    started = time.monotonic()
    with connection.cursor() as cursor:
        # Each copy is one long statement per table, longer than a request may take.
        cursor.execute("SET statement_timeout = 0")
        for name in BULK_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    for k in range(1, copies + 1):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Skips foreign-key checks; the search and matching triggers are ENABLE ALWAYS.
            cursor.execute("SET LOCAL session_replication_role = replica")
            for statement in statements.values():
                cursor.execute(statement, {"k": k})
        log(f"copy {k}/{copies} written ({time.monotonic() - started:.0f} s)")
    reset_sequences(models)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for statement in BULK_INDEXES.values():
            cursor.execute(statement)
        log(f"indexes built ({time.monotonic() - started:.0f} s)")
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    count = Article.objects.count()
    log(f"{count:,} stories in {time.monotonic() - started:.0f} s")
    return count


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--copies", type=int, required=True, help="copies of each story to add (9: ×10)"
    )
    args = parser.parse_args()
    if args.copies < 1:
        raise SystemExit("--copies must be at least 1.")
    setup_django_in_process(args.database_url)
    replicate(args.copies)


if __name__ == "__main__":
    main()
