"""`manage.py purge_autosaves`: delete the unsaved form states older than
articles.autosave.KEEP_DAYS. Every autosave already purges them as it writes; this
is for a quiet newsroom (run it daily, or on demand)."""

from django.core.management.base import BaseCommand

from articles import autosave


class Command(BaseCommand):
    help = "Delete the autosaved story forms older than the retention period."

    def handle(self, *args, **options):
        self.stdout.write(f"{autosave.purge_expired()} autosave(s) deleted.")
