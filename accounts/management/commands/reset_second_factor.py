from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.twofactor import reset_second_factor


class Command(BaseCommand):
    help = (
        "Remove an account's authenticator and backup codes (lost phone): "
        "they set up a new one at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        removed = reset_second_factor(user)
        self.stdout.write(f"{removed} device(s) removed for {username}.")
