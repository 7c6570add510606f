"""`manage.py verify_record`: check the published record's hash chain.

Recomputes every published version's content hash and record hash and checks
that each version points to the one before it. Prints the first broken link
of each story and exits with status 1 if there is any; 0 when the whole
record holds. `--backfill` first gives a published version to public stories
that have none (stories published before the record existed).
"""

from django.core.management.base import BaseCommand, CommandError

from articles import record
from articles.models import Article, PublishedVersion


class Command(BaseCommand):
    help = "Check every published version's hashes and the chain between them."

    def add_arguments(self, parser):
        parser.add_argument("--slug", help="Check one story only.")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="First cut a published version for public stories that have none.",
        )

    def handle(self, *args, slug=None, backfill=False, **options):
        stories = Article.objects.all()
        if slug:
            stories = stories.filter(slug=slug)
            if not stories.exists():
                raise CommandError(f"No story at /articles/{slug}/.")
        if backfill:
            self.backfill(stories)
        broken = 0
        checked = 0
        for item in record.verify_chain(stories):
            if isinstance(item, int):
                checked = item
                if checked % 10_000 == 0:
                    self.stderr.write(f"{checked} stories checked…")
                continue
            broken += 1
            self.stdout.write(self.style.ERROR(f"Broken: {item}"))
        versions = PublishedVersion.objects.filter(article__in=stories).count()
        if broken:
            raise CommandError(
                f"{broken} of {checked} stories have a broken record ({versions} versions)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"The record holds: {checked} stories, {versions} versions.")
        )

    def backfill(self, stories):
        made = record.freeze_unrecorded(
            stories, reason="Backfilled by verify_record: public before the record existed."
        )
        self.stdout.write(f"Backfilled {made} stories.")
