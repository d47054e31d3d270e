from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import learner_sign_up

DEMO_PASSWORD = "exhale-demo-2026"


class Command(BaseCommand):
    help = "Create the demo learner 'demo' (once) and print how to sign in."

    def handle(self, *args, **options):
        if User.objects.filter(username="demo").exists():
            self.stdout.write("Demo learner exists: sign in as demo / " + DEMO_PASSWORD)
            return
        learner_sign_up(
            username="demo",
            email="demo@example.com",
            password=DEMO_PASSWORD,
            display_name="Demo Learner",
            bio="Teaching myself machine learning, one evening at a time.",
            rest_weekdays="6",
        )
        self.stdout.write(self.style.SUCCESS(f"Demo learner created: demo / {DEMO_PASSWORD}"))
