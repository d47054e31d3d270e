"""import_roadmap, export_roadmap and load_starter_roadmaps."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from curriculum.importing import parse_roadmap_file
from curriculum.models import Item, Roadmap

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "curricula"
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_roadmap_prints_one_json_object(owner):
    out = run(
        "import_roadmap",
        str(FIXTURES / "ai-engineering-from-scratch-roadmap.md"),
        "--user",
        "owner",
    )
    result = json.loads(out)
    assert set(result) == {"roadmap_id", "stages", "items", "links", "warnings", "left_out"}
    assert (result["stages"], result["items"], result["links"]) == (20, 501, 0)
    assert len(result["warnings"]) == 1
    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    assert roadmap.owner == owner
    assert Item.objects.filter(stage__roadmap=roadmap).count() == 501


def test_import_roadmap_resolves_relative_links_with_a_base_url(owner):
    result = json.loads(
        run(
            "import_roadmap",
            str(FIXTURES / "ossu-computer-science.md"),
            "--user",
            "owner",
            "--base-url",
            "https://github.com/ossu/computer-science/blob/master/",
        )
    )
    assert (result["stages"], result["items"], result["links"]) == (19, 78, 77)


def test_import_roadmap_dry_run_prints_the_left_out_lines_and_saves_nothing(owner):
    path = FIXTURES / "own" / "course_per_heading.md"
    result = json.loads(run("import_roadmap", str(path), "--user", "owner", "--dry-run"))
    assert (result["roadmap_id"], result["stages"], result["items"]) == (None, 2, 3)
    first = {"line": 5, "text": "## Contents", "reason": "table of contents"}
    assert result["left_out"][0] == first
    assert [entry["line"] for entry in result["left_out"]] == [5, 9, 10, 14, 23, 46]
    assert not Roadmap.objects.exists()
    saved = json.loads(run("import_roadmap", str(path), "--user", "owner"))
    assert saved["left_out"] == result["left_out"]
    assert Item.objects.filter(stage__roadmap_id=saved["roadmap_id"]).count() == 3


def test_import_roadmap_refuses_unusable_files_clearly(owner, tmp_path):
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01" * 100)
    with pytest.raises(CommandError, match="binary"):
        run("import_roadmap", str(binary), "--user", "owner")
    big = tmp_path / "big.md"
    big.write_bytes(b"- a\n" * 5_000_000)
    with pytest.raises(CommandError, match="20.0 MB"):
        run("import_roadmap", str(big), "--user", "owner")
    with pytest.raises(CommandError, match="No learner"):
        run("import_roadmap", str(binary), "--user", "nobody")
    with pytest.raises(CommandError, match="no file"):
        run("import_roadmap", str(tmp_path / "missing.md"), "--user", "owner")
    with pytest.raises(CommandError, match="private or local address"):
        run("import_roadmap", "--url", "http://127.0.0.1:9/plan.md", "--user", "owner")
    with pytest.raises(CommandError, match="either a file or --url"):
        run("import_roadmap", "--user", "owner")
    assert not Roadmap.objects.exists()


def test_export_roadmap_in_both_formats_reads_back(owner):
    result = json.loads(
        run("import_roadmap", str(FIXTURES / "ossu-computer-science.md"), "--user", "owner")
    )
    for fmt in ("md", "json"):
        outline = parse_roadmap_file(
            run("export_roadmap", str(result["roadmap_id"]), "--format", fmt)
        )
        assert (len(outline.stages), outline.item_count) == (19, 75)
    with pytest.raises(CommandError, match="no roadmap"):
        run("export_roadmap", "999999")


def test_load_starter_roadmaps_is_idempotent_and_keeps_template_ids():
    run("load_starter_roadmaps")
    ids = dict(Roadmap.objects.filter(is_template=True).values_list("slug", "pk"))
    assert set(ids) == {"ai-masters-beginner", "ai-masters-advanced", "fastai-part1", "first-steps"}
    count = Item.objects.count()
    run("load_starter_roadmaps")
    assert dict(Roadmap.objects.filter(is_template=True).values_list("slug", "pk")) == ids
    assert Item.objects.count() == count


def test_fastai_template_has_eight_lessons_with_the_loop_and_milestones():
    run("load_starter_roadmaps")
    fastai = Roadmap.objects.get(is_template=True, slug="fastai-part1")
    stages = list(fastai.stages.all())
    assert [s.title for s in stages][:2] == ["Lesson 1: Getting started", "Lesson 2: Deployment"]
    assert len(stages) == 8
    lessons = Item.objects.filter(stage__roadmap=fastai, kind="lesson")
    assert lessons.count() == 8
    for lesson in lessons:
        assert [c["text"].split()[0] for c in lesson.checklist] == [
            "Watch",
            "Run",
            "Reproduce",
            "Apply",
            "Share",
        ]
    assert lessons.get(title="Lesson 3: Neural net foundations").url == (
        "https://course.fast.ai/Lessons/lesson3.html"
    )
    projects = dict(
        Item.objects.filter(stage__roadmap=fastai, kind="project").values_list(
            "stage__title", "project_slug"
        )
    )
    assert projects == {
        "Lesson 1: Getting started": "image-classifier",
        "Lesson 4: Natural Language (NLP)": "text-classifier",
        "Lesson 6: Random forests": "tabular-titanic",
        "Lesson 7: Collaborative filtering": "collab-movielens",
    }
