"""`manage.py journal_totals`: sum every learner's sessions into day totals afresh and make
their habit checkpoints (after a restore from backup, or to warm checkpoints after deploy)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from journal import totals


class Command(BaseCommand):
    help = "Rebuild every learner's day totals and habit checkpoint from their sessions."

    def handle(self, *args, **options):
        learners = get_user_model().objects.filter(study_sessions__isnull=False).distinct()
        count = 0
        for learner in learners.iterator():
            totals.rebuild(learner)
            count += 1
        self.stdout.write(f"Rebuilt the day totals of {count} learner(s).")
