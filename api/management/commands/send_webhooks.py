from django.core.management.base import BaseCommand

from api import webhooks


class Command(BaseCommand):
    help = (
        "Queue every webhook delivery whose time has come (for task backends that cannot "
        "defer a task; with the database backend, deliveries queue themselves)."
    )

    def handle(self, *args, **options):
        count = 0
        for delivery in webhooks.due_deliveries():
            webhooks.enqueue(delivery)
            count += 1
        self.stdout.write(f"{count} delivery(ies) queued.")
