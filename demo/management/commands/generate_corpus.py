"""`manage.py generate_corpus --articles N`: fill the database for load tests.

On PostgreSQL, batches are written with COPY by several worker processes
(`--jobs`, one per core by default); foreign-key triggers are skipped during
the load (`session_replication_role = replica`, the ids are consistent by
construction), the search vector is computed by the same COPY, and the GIN
indexes are built once at the end.
"""

import multiprocessing
import os
import time

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction

from demo.corpus import CorpusGenerator, copy_versions, reset_sequences

# Indexes that are cheaper to build once at the end than to maintain row by row.
BULK_INDEXES = {
    "article_search_gin": "CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article "
    "USING gin (search_vector)",
    # The admin's accent-folded search (articles 0007, factcheck 0003).
    "article_title_fold_trgm": "CREATE INDEX IF NOT EXISTS article_title_fold_trgm "
    "ON articles_article USING gin (newsroom_fold(title) gin_trgm_ops)",
    "article_intro_fold_trgm": "CREATE INDEX IF NOT EXISTS article_intro_fold_trgm "
    "ON articles_article USING gin (newsroom_fold(introduction) gin_trgm_ops)",
    **{
        f"claim_{column}_fold_trgm": f"CREATE INDEX IF NOT EXISTS claim_{column}_fold_trgm "
        f"ON factcheck_claim USING gin (newsroom_fold({column}) gin_trgm_ops)"
        for column in ("label", "statement", "claimant")
    },
    # The similar-claim finder (factcheck 0005).
    "claim_match_vector_gin": "CREATE INDEX IF NOT EXISTS claim_match_vector_gin "
    "ON factcheck_claim USING gin (match_vector)",
    "claim_match_text_trgm": "CREATE INDEX IF NOT EXISTS claim_match_text_trgm "
    "ON factcheck_claim USING gin (match_text gin_trgm_ops)",
}

_generator = None  # set before the worker processes fork


def _write_batch(task):
    start, size = task
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                # Skips foreign-key checks; the search trigger is ENABLE ALWAYS (0003).
                cursor.execute("SET LOCAL session_replication_role = replica")
        tables = _generator.batch(start, size)
        _generator.write(tables)
    return size


def _freeze_range(bounds):
    """Cut the published record of the public stories with ids in [low, high)."""
    from articles import record
    from articles.models import Article

    low, high = bounds
    stories = Article.objects.filter(pk__gte=low, pk__lt=high)
    return record.freeze_unrecorded(
        stories, reason="Generated corpus: frozen at load.", insert=copy_versions
    )


class Command(BaseCommand):
    help = (
        "Add N invented stories with claims, sources, quotes, tags and corrections, for "
        "benchmarks: about 94% public (frozen into the published record through the same "
        "rendering as a publication), the rest drafts, submitted, verified, scheduled or "
        "withdrawn. Run it again to add more. Titles and introductions carry the words "
        "the benchmarks search for (common ones such as « mairie », rare place names)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, help="How many stories to add (at least 1)."
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=2000,
            help="Stories generated and written per COPY transaction (default 2000).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: the same seed, the same corpus."
        )
        parser.add_argument(
            "--authors",
            type=int,
            default=300,
            help="Authors to sign the stories, Zipf-distributed (default 300).",
        )
        parser.add_argument(
            "--tags", type=int, default=2000, help="Tags, with a long tail (default 2000)."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Worker processes on PostgreSQL, for writing and for freezing "
            "(default: one per core).",
        )

    def handle(self, *args, articles, batch, seed, authors, tags, jobs, **options):
        global _generator
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if getattr(staticfiles_storage, "manifest_strict", False) and not getattr(
            staticfiles_storage, "hashed_files", True
        ):
            raise CommandError(
                "Public stories are frozen into rendered versions, which name the static "
                "files' hashed names: run `manage.py collectstatic` first."
            )
        started = time.monotonic()
        postgres = connection.vendor == "postgresql"
        _generator = CorpusGenerator(seed=seed, authors=authors, tags=tags)
        with transaction.atomic():
            _generator.prepare()
        if postgres and articles >= 50_000:
            self._drop_bulk_indexes()
        tasks = [(start, min(batch, articles - start)) for start in range(0, articles, batch)]
        done = 0
        if postgres and jobs > 1:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs) as pool:
                for size in pool.imap_unordered(_write_batch, tasks):
                    done += size
                    self._progress(done, started)
        else:
            for task in tasks:
                done += _write_batch(task)
                self._progress(done, started)
        self._freeze(jobs if postgres else 1, started)
        if postgres:
            self._create_bulk_indexes()
            reset_sequences(CorpusGenerator.all_models())
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute("ANALYZE")  # VACUUM cannot run in a transaction (tests)
                else:
                    # Sets the visibility map too, so counts can use index-only scans.
                    cursor.execute("VACUUM (ANALYZE)")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {articles:,} stories in {elapsed:.1f} s ({articles / elapsed:.0f}/s)."
            )
        )

    def _freeze(self, jobs, started):
        """Public stories get their published version, as if published one by one."""
        from articles.models import Article

        ids = Article.objects.filter(current_version__isnull=True).order_by("pk")
        low, high = (
            ids.values_list("pk", flat=True).first(),
            ids.values_list("pk", flat=True).last(),
        )
        if low is None:
            return
        step = 1000
        ranges = [(start, start + step) for start in range(low, high + 1, step)]
        frozen = 0
        if jobs > 1:
            connections.close_all()
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs) as pool:
                for count in pool.imap_unordered(_freeze_range, ranges):
                    frozen += count
        else:
            frozen = sum(_freeze_range(bounds) for bounds in ranges)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Froze {frozen:,} public stories into the published record  {elapsed:7.1f} s"
        )

    def _progress(self, done, started):
        elapsed = time.monotonic() - started
        if done % 50_000 < 2_000 or elapsed < 60:
            self.stdout.write(f"{done:>9,} stories  {elapsed:7.1f} s  {done / elapsed:8.0f}/s")

    def _drop_bulk_indexes(self):
        with connection.cursor() as cursor:
            for name in BULK_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def _create_bulk_indexes(self):
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for statement in BULK_INDEXES.values():
                cursor.execute(statement)
