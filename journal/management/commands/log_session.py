"""`python manage.py log_session USERNAME 45 coding "lesson 3 notebook"` logs from a terminal."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from journal import services
from journal.kinds import Kind


class Command(BaseCommand):
    help = "Log a study session for a learner, as if it had just ended."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("minutes", help="1 to 1440")
        parser.add_argument("kind", help=", ".join(Kind.values))
        parser.add_argument("note", nargs="?", default="", help="Markdown note (optional)")
        parser.add_argument("--item", type=int, default=None, help="id of a roadmap item")
        parser.add_argument("--public", action="store_true", help="publish it at once")

    def handle(self, *args, username, minutes, kind, note, item, public, **options):
        learner = User.objects.filter(username=username.lower()).first()
        if learner is None:
            raise CommandError(f"No learner called {username!r}.")
        try:
            session = services.session_log(
                learner=learner,
                minutes=minutes,
                kind=kind.lower(),
                item=item,
                note=note,
                visibility="public" if public else "private",
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Logged {session.minutes} min of {session.kind} for {learner.username} "
            f"on {session.local_date}."
        )
