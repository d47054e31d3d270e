"""Importing a year's account (about 1,100 records) into a fresh account, against exporting the
same account in the same run: seconds, the ratio, and queries per imported record (every
record passes full_clean and has its references checked, so an import costs more than the
export's one query per model)."""

import io
from datetime import timedelta

from django.utils import timezone

from bench.timing import median_seconds, query_count

SESSIONS, STAGES, ITEMS_PER_STAGE = 800, 10, 25


def build_learner():
    from accounts.models import User
    from curriculum.models import Item, Roadmap, Stage
    from journal.models import StudySession

    learner = User.objects.create_user("bench-mover", "mover@example.com", "x" * 12)
    roadmap = Roadmap.objects.create(owner=learner, title="A year of deep learning")
    stages = Stage.objects.bulk_create(
        Stage(roadmap=roadmap, title=f"Stage {n}", position=n) for n in range(STAGES)
    )
    items = Item.objects.bulk_create(
        Item(stage=stage, title=f"Lesson {stage.position}.{n}", position=n)
        for stage in stages
        for n in range(ITEMS_PER_STAGE)
    )
    now = timezone.now()
    StudySession.objects.bulk_create(
        StudySession(
            learner=learner,
            started_at=now - timedelta(hours=11 * n),
            local_date=(now - timedelta(hours=11 * n)).date(),
            minutes=25 + n % 50,
            kind="coding" if n % 3 else "reading",
            item=items[n % len(items)],
            note=f"Session {n}",
        )
        for n in range(SESSIONS)
    )
    return learner


def run() -> dict:
    from accounts.models import User
    from portfolio.services import account_export, account_import

    learner = build_learner()
    data = account_export(learner=learner)
    counter = iter(range(1000))

    def import_once():
        fresh = User.objects.create_user(f"bench-new-{next(counter)}", "n@example.com", "x" * 12)
        return account_import(learner=fresh, upload=io.BytesIO(data))

    records = import_once().total
    export_s = median_seconds(lambda: account_export(learner=learner), repeat=3)
    import_s = median_seconds(import_once, repeat=3, warmup=0)
    return {
        "records": records,
        "export_zip_kb": round(len(data) / 1024),
        "export_seconds": round(export_s, 3),
        "import_seconds": round(import_s, 3),
        "import_over_export": round(import_s / export_s, 1),
        "import_queries_per_record": round(query_count(import_once) / records, 2),
    }
