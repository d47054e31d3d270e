"""python manage.py import_roadmap PATH --user USERNAME [--base-url URL]

Prints exactly one JSON object: {"roadmap_id", "stages", "items", "links", "warnings"}.
Exits non-zero with a clear message on a file it cannot use."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from curriculum.importing.outline import MAX_FILE_BYTES
from curriculum.services import roadmap_import_file


class Command(BaseCommand):
    help = "Import a Markdown or JSON roadmap for a learner."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="The learner's username.")
        parser.add_argument(
            "--base-url", default="", help="Where the file lives, to resolve relative links."
        )

    def handle(self, *args, path, user, base_url, **options):
        learner = get_user_model().objects.filter(username=user).first()
        if learner is None:
            raise CommandError(f"No learner is called “{user}”.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {path}.")
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            size = file.stat().st_size / 1_000_000
            raise CommandError(
                f"This file is {size:.1f} MB; Exhale imports roadmaps up to "
                f"{MAX_FILE_BYTES / 1_000_000:.0f} MB."
            )
        try:
            roadmap, outline = roadmap_import_file(
                learner=learner, data=data, filename=file.name, base_url=base_url
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        result = {
            "roadmap_id": roadmap.pk,
            "stages": len(outline.stages),
            "items": outline.item_count,
            "links": outline.link_count,
            "warnings": outline.warnings,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
