"""Curriculum-only helpers on top of the shared factories."""

from tests.factories import ItemFactory, RoadmapFactory, StageFactory


def roadmap_with(owner, *, stages: int = 2, items: int = 3, **fields):
    """A roadmap of `stages` stages with `items` items each."""
    roadmap = RoadmapFactory(owner=owner, **fields)
    for s in range(stages):
        stage = StageFactory(roadmap=roadmap, title=f"Stage {s + 1}", position=s)
        for i in range(items):
            ItemFactory(stage=stage, title=f"Item {s + 1}.{i + 1}", position=i)
    return roadmap


def template_with(slug: str = "starter", **fields):
    roadmap = RoadmapFactory(owner=None, is_template=True, slug=slug, visibility="public", **fields)
    stage = StageFactory(roadmap=roadmap, title="Basics", position=0)
    ItemFactory(
        stage=stage, title="Lesson 1", position=0, checklist=[{"text": "watch", "done": True}]
    )
    ItemFactory(
        stage=stage, title="Project", position=1, kind="project", project_slug="image-classifier"
    )
    return roadmap
