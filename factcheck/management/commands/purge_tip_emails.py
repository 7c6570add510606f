"""`manage.py purge_tip_emails`: erase the e-mail addresses readers left with their tips
once the answer is sent or after TIP_EMAIL_RETENTION_DAYS (run it daily, or on demand).
First sends the answers still owed for stories that are public now (a scheduled
story's time came, or a mail server was down)."""

from django.core.management.base import BaseCommand

from factcheck import tips


class Command(BaseCommand):
    help = "Send the answers owed to tipsters, then erase the e-mail addresses no longer needed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-answers", action="store_true", help="only erase, send no pending answer"
        )

    def handle(self, *args, no_answers=False, **options):
        sent = 0 if no_answers else tips.answer_pending()
        erased = tips.purge_emails()
        self.stdout.write(f"{sent} answer(s) sent, {erased} e-mail address(es) erased.")
