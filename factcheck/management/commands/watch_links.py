"""Start the link watch, or run one pass of it now."""

from django.core.management.base import BaseCommand

from factcheck import linkwatch


class Command(BaseCommand):
    help = (
        "Queue the periodic link watch (it then re-queues itself), or with --now check the "
        "due cited URLs at once and print what is dead or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Check the due URLs now.")

    def handle(self, *args, now=False, **options):
        if not now:
            queued = linkwatch.schedule()
            self.stdout.write("Link watch queued." if queued else "Link watch already queued.")
            return
        from django.conf import settings

        for url in linkwatch.due(None, interval_seconds=settings.LINK_WATCH_INTERVAL):
            status = linkwatch.check(url)
            self.stdout.write(f"{status.state:8} {status.status_code or '-':>4} {url}")
