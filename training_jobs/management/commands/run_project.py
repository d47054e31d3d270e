"""`python manage.py run_project SLUG --user USERNAME [--sample 0.05] [--epochs N] [--wait]`

Queues a run through the same service as the web form and the API, prints one JSON object and
exits non-zero when the parameters are refused or the run does not succeed."""

import json
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.recipes import get_recipe
from training_jobs.models import JobStatus, TrainingJob
from training_jobs.selectors import job_summary
from training_jobs.services import start_run


class Command(BaseCommand):
    help = "Queue a milestone project run and print it as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the recipe, e.g. image-classifier")
        parser.add_argument("--user", required=True, help="the learner's username")
        parser.add_argument("--sample", help="share of the data, e.g. 0.05 for a quick run")
        parser.add_argument("--epochs")
        parser.add_argument("--lr")
        parser.add_argument("--batch-size", dest="batch_size")
        parser.add_argument("--seed")
        parser.add_argument("--wait", action="store_true", help="wait for the final status")
        parser.add_argument("--timeout", type=float, default=None, help="seconds to wait")

    def handle(self, *args, **options):
        learner = get_user_model().objects.filter(username=options["user"]).first()
        if learner is None:
            return self._fail({"error": f"There is no learner called “{options['user']}”."})
        params = {
            name: options[name]
            for name in ("epochs", "lr", "batch_size", "seed")
            if options[name] is not None
        }
        try:
            get_recipe(options["slug"])
            job = start_run(
                learner=learner,
                recipe_slug=options["slug"],
                params=params,
                sample=options["sample"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "message_dict") else {"": exc.messages}
            return self._fail({"error": "The run was refused.", "errors": errors})
        if options["wait"]:
            deadline = time.monotonic() + (options["timeout"] or 10**9)
            while not job.is_final and time.monotonic() < deadline:
                time.sleep(0.5)
                job = TrainingJob.objects.get(pk=job.pk)
        summary = job_summary(job)
        self.stdout.write(json.dumps(summary, indent=2))
        if job.status in (JobStatus.FAILED, JobStatus.CANCELLED) or (
            options["wait"] and job.status != JobStatus.SUCCEEDED
        ):
            raise CommandError(f"The run ended {job.status}.", returncode=1)

    def _fail(self, payload: dict):
        self.stdout.write(json.dumps(payload, indent=2))
        raise CommandError(payload["error"], returncode=2)
