"""manage.py import_wordpress EXPORT.xml: bring a WordPress site's archive in."""

import sys
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports.media import LocalMedia, MediaError, RemoteMedia
from imports.services import ImportAborted, WordPressImport, read_region_map


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts become stories, authors become author "
        "profiles, old addresses answer 301. Safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file (Tools → Export in WordPress)")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        media = parser.add_mutually_exclusive_group()
        media.add_argument("--media-dir", help="a copy of wp-content/uploads for featured images")
        media.add_argument(
            "--fetch-media",
            action="store_true",
            help="download featured images from their public addresses",
        )
        parser.add_argument(
            "--region-map", help='JSON file {"wordpress-category-slug": "region-slug"}'
        )
        parser.add_argument("--since", help="only posts modified on or after YYYY-MM-DD")
        parser.add_argument(
            "--user",
            help="the editor the import acts as (default: the first active superuser)",
        )

    def handle(self, *args, export, dry_run, media_dir, fetch_media, region_map, since, user,
               **options):  # fmt: skip
        editor = self._user(user)
        try:
            since_date = date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise CommandError(f"--since: expected YYYY-MM-DD, got {since!r}") from exc
        try:
            media = LocalMedia(media_dir) if media_dir else RemoteMedia() if fetch_media else None
            mapping = read_region_map(region_map) if region_map else {}
            with open(export, "rb"):
                pass
        except (MediaError, ImportAborted, OSError) as exc:
            raise CommandError(str(exc)) from exc
        run = WordPressImport(
            path=export,
            user=editor,
            dry_run=dry_run,
            media=media,
            region_map=mapping,
            since=since_date,
            progress=self._progress if sys.stderr.isatty() else None,
        )
        try:
            report = run.run()
        except ImportAborted as exc:
            raise CommandError(str(exc)) from exc
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        self._print(report)
        if report.fatal:
            raise CommandError(f"stopped early: {report.fatal}")

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True)
        found = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if found is None:
            raise CommandError(
                f"no active user {username!r}" if username else "no active superuser: use --user"
            )
        return found

    def _progress(self, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def _print(self, report):
        title = "Dry run: nothing was written." if report.dry_run else "Import finished."
        self.stdout.write(self.style.SUCCESS(title) if not report.failed else title)
        for (kind, outcome), count in sorted(report.counts.items()):
            self.stdout.write(f"  {kind:<12} {outcome:<28} {count:>7}")
        if report.problems:
            self.stdout.write(f"Items to look at ({len(report.problems)}):")
            for item, outcome, why in report.problems:
                self.stdout.write(f"  [{outcome}] {item}: {why}")
