"""python manage.py import_roadmap (PATH | --url URL) --user USERNAME [--base-url URL] [--dry-run]

Prints exactly one JSON object: {"roadmap_id", "stages", "items", "links", "warnings",
"left_out": [{"line", "text", "reason"}]}, the same report the import page and API give.
--dry-run reads and reports without saving (roadmap_id is null). Exits non-zero with a clear
message on a file it cannot use."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from curriculum import services
from curriculum.importing.outline import MAX_FILE_BYTES


class Command(BaseCommand):
    help = "Import a Markdown or JSON roadmap for a learner."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="")
        parser.add_argument("--url", default="", help="Fetch the file from this address.")
        parser.add_argument("--user", required=True, help="The learner's username.")
        parser.add_argument(
            "--base-url", default="", help="Where the file lives, to resolve relative links."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be imported; save nothing."
        )

    def handle(self, *args, path, url, user, base_url, dry_run, **options):
        learner = get_user_model().objects.filter(username=user).first()
        if learner is None:
            raise CommandError(f"No learner is called “{user}”.")
        if bool(path) == bool(url):
            raise CommandError("Give either a file or --url.")
        data, filename = (b"", "") if url else self._read(path)
        try:
            source = services.roadmap_import_source(
                data=data, filename=filename, base_url=base_url, url=url
            )
            outline = services.roadmap_import_preview(source)
            roadmap = None
            if not dry_run:
                roadmap = services.roadmap_import(learner=learner, outline=outline)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = services.import_report(outline, roadmap)
        self.stdout.write(json.dumps(report, ensure_ascii=False))

    def _read(self, path: str) -> tuple[bytes, str]:
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
        return data, file.name
