"""python manage.py export_roadmap ID --format md|json: print the roadmap."""

from django.core.management.base import BaseCommand, CommandError

from curriculum.models import Roadmap
from curriculum.services import roadmap_export


class Command(BaseCommand):
    help = "Print a roadmap as Markdown or JSON."

    def add_arguments(self, parser):
        parser.add_argument("roadmap_id", type=int)
        parser.add_argument("--format", choices=["md", "json"], default="md")

    def handle(self, *args, roadmap_id, format, **options):
        roadmap = Roadmap.objects.filter(pk=roadmap_id).first()
        if roadmap is None:
            raise CommandError(f"There is no roadmap {roadmap_id}.")
        self.stdout.write(roadmap_export(roadmap=roadmap, format=format), ending="")
