"""Load (or refresh) the starter templates from curriculum/templates_data. Safe to run again:
each template is matched by its slug (the file name) and replaced in place."""

from pathlib import Path

from django.core.management.base import BaseCommand

from curriculum.importing import parse_roadmap_file
from curriculum.services import template_upsert

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates_data"


def starter_files() -> list[Path]:
    return sorted(TEMPLATES_DIR.glob("*.md")) + sorted(TEMPLATES_DIR.glob("*.json"))


class Command(BaseCommand):
    help = "Create or update the starter roadmap templates shipped with Exhale."

    def handle(self, *args, **options):
        for path in starter_files():
            outline = parse_roadmap_file(path.read_bytes(), filename=path.name)
            template = template_upsert(outline=outline, slug=path.stem)
            self.stdout.write(f"{template.slug}: {outline.item_count} items")
