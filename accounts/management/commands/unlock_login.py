from django.core.management.base import BaseCommand, CommandError

from accounts.lockout import unlock


class Command(BaseCommand):
    help = "Lift the login lock of an account (from every address) or of a client address."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="the account's username")
        parser.add_argument("--address", help="a client address (IPv4 or IPv6)")

    def handle(self, *args, username=None, address=None, **options):
        if not username and not address:
            raise CommandError("Give a username, --address, or both.")
        removed = unlock(username=username, ip_address=address)
        self.stdout.write(f"{removed} lock record(s) removed.")
