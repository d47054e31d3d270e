from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import learner_sign_up

DEMO_PASSWORD = "exhale-demo-2026"


class Command(BaseCommand):
    help = (
        "Create the demo learner 'demo' (once), with three months of practice, a roadmap in "
        "progress, reviews, a post and a published run, and print how to sign in."
    )

    def handle(self, *args, **options):
        from demo.learner import build_demo

        if User.objects.filter(username="demo").exists():
            self.stdout.write("Demo learner exists: sign in as demo / " + DEMO_PASSWORD)
            return
        learner = learner_sign_up(
            username="demo",
            email="demo@example.com",
            password=DEMO_PASSWORD,
            display_name="Demo Learner",
            rest_weekdays="6",
        )
        made = build_demo(learner)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo learner created: demo / {DEMO_PASSWORD} "
                f"({made['sessions']} sessions, a roadmap in progress, a published run)"
            )
        )
