"""The visibility rules are written once, in core.visibility and each model's `published_q`:
this test fails when someone spells "public learner", "published" or "deleted stage" again
somewhere else, instead of calling `public()`, `visible_to()`, `owned_by()` or `Item.objects`."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every package of the project but the tests and benchmarks (which build rows directly):
# every app, config and demo, and an app added later too.
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests", "bench"}
)

# Where the rules live: the one module, and each model's own meaning of "published".
HOMES = {
    "core/visibility.py",
    "curriculum/models.py",
    "journal/models.py",
    "training_jobs/models.py",
    "tracking/models.py",
}

# A lookup inside filter()/exclude()/get()/Q() on the public-owner or published fields.
LOOKUP = re.compile(
    r"\b(?:filter|exclude|get|Q)\((?:[^()]|\([^()]*\))*?"
    r"\b(?:\w+__)?(?:is_active|portfolio_hidden|published|visibility)\s*=",
    re.DOTALL,
)
# Items of deleted stages are left out by Item.objects (ItemQuerySet.live) alone.
DELETED_STAGE = re.compile(r"stages?__deleted_at")
# Known exception: a Count over a roadmap's reverse relation cannot go through Item.objects.
REVERSE_COUNTS = {"curriculum/views/common.py"}


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in HOMES:
                continue
            yield relative, path.read_text()


def test_the_public_owner_and_published_conditions_are_written_only_in_their_home():
    offenders = [
        f"{relative}: {match.group(0)[:80]!r}"
        for relative, text in _sources()
        for match in LOOKUP.finditer(text)
    ]
    assert offenders == []


def test_deleted_stages_are_left_out_in_one_place():
    offenders = [
        relative
        for relative, text in _sources()
        if relative not in REVERSE_COUNTS and DELETED_STAGE.search(text)
    ]
    assert offenders == []


def test_the_guard_reads_every_app():
    assert {"accounts", "core", "curriculum", "journal", "portfolio", "training_jobs"} <= set(APPS)


def test_the_guard_sees_a_second_spelling():
    assert LOOKUP.search('User.objects.filter(username=u, is_active=True, portfolio_hidden=False)')
    assert LOOKUP.search("TrainingJob.objects.filter(\n    owner=o, published=True)")
    assert LOOKUP.search('rows.filter(is_template=False, visibility="public")')
    assert not LOOKUP.search("services.publish_run(learner=l, job_id=1, published=public)")


PUBLISHING = re.compile(r"\.(?:published_at|published|visibility)\s*=(?!=)|\bpublished_at\s*=")


def test_publishing_is_written_only_in_set_public():
    offenders = [
        f"{relative}: {match.group(0)!r}"
        for relative, text in _sources()
        for match in PUBLISHING.finditer(text)
    ]
    assert offenders == []
    assert PUBLISHING.search("job.published_at = timezone.now() if published else None")
    assert PUBLISHING.search("StudySession(learner=l, published_at=now)")
