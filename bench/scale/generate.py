"""Build a synthetic Exhale instance with bulk COPY: learners in several time zones (some
deactivated, some hiding their portfolio), a tenth of them with three years of daily-ish
sessions, roadmaps copied from the starter templates (most public), reflections and reviews
(some published), notes published as posts, training runs and logged runs (some published) and
follows. Day totals and habit checkpoints are then made by the app's own journal.totals.rebuild,
the same function a time zone change or `manage.py journal_totals` uses, so they equal the
sessions by the app's rule, not by a copy of it here.

Deterministic (seeded): a rebuild gives the same instance."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "America/Sao_Paulo",
    "Australia/Sydney",
    "Africa/Lagos",
    "America/Los_Angeles",
]
KINDS = ["coding", "reading", "experiment", "writing", "lecture", "course", "sharing", "coding"]
YEARS_OF_HISTORY = 3
NOTE = (
    "Worked through the {topic} notebook again; the learning-rate finder picked 3e-3 and the "
    "validation loss finally stopped climbing after I added weight decay."
)
TOPICS = ["tabular", "vision", "NLP", "collab", "gradient descent", "embeddings", "RNN"]
REFLECTION = "Today I understood {topic} a little better. Next: write it up for the blog."


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY rows into table (PostgreSQL), returning how many went in."""
    count = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _ids(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _rebuild_totals(learner_ids: list[int]) -> None:
    from accounts.models import User
    from journal import totals

    for learner in User.objects.filter(pk__in=learner_ids).iterator():
        totals.rebuild(learner)
    connection.close()


class Instance:
    """What the generator made, for the benchmark to pick its viewers from."""

    def __init__(self, learners: int, seed: int = 18):
        self.learners = learners
        self.heavy_count = max(1, learners // 10)
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.today = self.now.date()
        self.counts: dict[str, int] = {}

    # -- learners -------------------------------------------------------------------------
    def make_learners(self) -> None:
        from django.contrib.auth.hashers import make_password

        password = make_password("scale-bench-password")
        rng, now = self.rng, self.now

        def rows():
            for n in range(self.learners):
                heavy = n < self.heavy_count
                joined = now - timedelta(
                    days=(365 * YEARS_OF_HISTORY + 5) if heavy else rng.randint(1, 900)
                )
                yield (
                    password,
                    False,
                    f"learner{n:07d}",
                    "",
                    "",
                    False,
                    rng.random() > 0.03,  # a few deactivated
                    joined,
                    f"learner{n:07d}@example.com",
                    f"Learner {n}",
                    ZONES[n % len(ZONES)],
                    rng.choice([30, 45, 60, 90]),
                    40,
                    rng.choice(["", "6", "56"]),
                    f"Learning ML in public, learner {n}.",
                    "",
                    "",
                    "",
                    "",
                    rng.random() < 0.07,  # some hide their portfolio
                    now,
                    rng.choice([0, 1, 2]),
                )

        columns = (
            "password is_superuser username first_name last_name is_staff "
            "is_active date_joined email display_name timezone "
            "daily_target_minutes inhale_target_percent rest_weekdays bio "
            "github_url blog_url kaggle_url social_url portfolio_hidden "
            "portfolio_changed_at streak_freezes_per_month"
        ).split()
        self.counts["learners"] = _copy("accounts_user", columns, rows())
        found = _ids(
            "SELECT id, timezone FROM accounts_user "
            "WHERE username LIKE 'learner%' ORDER BY username"
        )
        self.ids = [pk for pk, _ in found]
        self.zones = {pk: ZoneInfo(zone) for pk, zone in found}
        self.heavy = self.ids[: self.heavy_count]

    # -- roadmaps ---------------------------------------------------------------------------
    def make_roadmaps(self) -> None:
        from django.core.management import call_command

        call_command("load_starter_roadmaps", stdout=open("/dev/null", "w"))  # noqa: SIM115
        templates = [
            pk for (pk,) in _ids("SELECT id FROM curriculum_roadmap WHERE is_template ORDER BY id")
        ]
        rng, now = self.rng, self.now
        owners = [pk for pk in self.ids if pk in set(self.heavy) or rng.random() < 0.7]
        roadmap_rows = []
        for pk in owners:
            template = rng.choice(templates)
            public = "public" if rng.random() < 0.6 else "private"
            roadmap_rows.append(
                (
                    "My path into machine learning",
                    f"my-path-{pk}",
                    "",
                    public,
                    False,
                    self.today - timedelta(days=300),
                    now - timedelta(days=rng.randint(0, 400)),
                    now,
                    template,
                    template,
                    pk,
                )
            )
        self.counts["roadmaps"] = _copy(
            "curriculum_roadmap",
            (
                "title slug description visibility is_template started_on "
                "created_at updated_at copied_from_id origin_template_id owner_id"
            ).split(),
            roadmap_rows,
        )
        roadmaps = _ids("SELECT id, owner_id FROM curriculum_roadmap WHERE NOT is_template")
        stage_rows = [
            (f"Stage {s + 1}", s, 4, "learn" if s % 2 == 0 else "build", "", roadmap)
            for roadmap, _ in roadmaps
            for s in range(4)
        ]
        self.counts["stages"] = _copy(
            "curriculum_stage",
            ["title", "position", "planned_weeks", "kind", "description", "roadmap_id"],
            stage_rows,
        )
        stages = _ids(
            "SELECT s.id, r.owner_id FROM curriculum_stage s "
            "JOIN curriculum_roadmap r ON r.id = s.roadmap_id WHERE NOT r.is_template"
        )

        def item_rows():
            for stage, _ in stages:
                for i in range(5):
                    status = rng.choice(["done", "done", "in_progress", "not_started", "skipped"])
                    yield (
                        i,
                        "lesson",
                        f"Lesson {i + 1}",
                        f"https://course.fast.ai/Lessons/lesson{i + 1}.html",
                        rng.choice([2, 4, 8]),
                        status,
                        now if status == "done" else None,
                        0,
                        "",
                        "[]",
                        "",
                        stage,
                        False,
                        "",
                    )

        self.counts["items"] = _copy(
            "curriculum_item",
            (
                "position kind title url estimated_hours status finished_at "
                "revisit_count note checklist project_slug stage_id linked "
                "resource_key"
            ).split(),
            item_rows(),
        )
        self.items_of: dict[int, list[int]] = {}
        for item, owner in _ids(
            "SELECT i.id, r.owner_id FROM curriculum_item i "
            "JOIN curriculum_stage s ON s.id = i.stage_id "
            "JOIN curriculum_roadmap r ON r.id = s.roadmap_id WHERE NOT r.is_template"
        ):
            self.items_of.setdefault(owner, []).append(item)

    # -- journal ------------------------------------------------------------------------------
    def _days_of(self, pk: int) -> list[date]:
        if pk in self._heavy_set:
            span, keep = 365 * YEARS_OF_HISTORY, 0.6
        else:
            span, keep = self.rng.randint(7, 120), self.rng.choice([0.0, 0.1, 0.3])
        return [
            self.today - timedelta(days=back) for back in range(span) if self.rng.random() < keep
        ]

    def make_sessions(self) -> None:
        rng, now = self.rng, self.now
        self._heavy_set = set(self.heavy)

        def rows():
            for pk in self.ids:
                zone, items = self.zones[pk], self.items_of.get(pk, [])
                for day in self._days_of(pk):
                    for _ in range(rng.choice([1, 1, 1, 2, 2])):
                        local = datetime(
                            day.year,
                            day.month,
                            day.day,
                            rng.randint(5, 22),
                            rng.randint(0, 59),
                            tzinfo=zone,
                        )
                        started = local.astimezone(UTC)
                        if started > now:
                            continue
                        note = NOTE.format(topic=rng.choice(TOPICS)) if rng.random() < 0.08 else ""
                        public = bool(note) and rng.random() < 0.2
                        yield (
                            "public" if public else "private",
                            started + timedelta(hours=2) if public else None,
                            started,
                            day,
                            rng.randint(15, 120),
                            rng.choice(KINDS),
                            note,
                            started,
                            started,
                            rng.choice(items) if items and rng.random() < 0.5 else None,
                            pk,
                        )

        self.counts["sessions"] = _copy(
            "journal_studysession",
            (
                "visibility published_at started_at local_date minutes kind note "
                "created_at updated_at item_id learner_id"
            ).split(),
            rows(),
        )

    def make_writing(self) -> None:
        rng = self.rng

        def reflections():
            for pk in self.ids:
                weeks = YEARS_OF_HISTORY * 52 if pk in self._heavy_set else rng.randint(0, 3)
                for w in range(weeks):
                    day = self.today - timedelta(days=7 * w + 1)
                    public = rng.random() < 0.2
                    at = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
                    yield (
                        "public" if public else "private",
                        at if public else None,
                        day,
                        REFLECTION.format(topic=rng.choice(TOPICS)),
                        at,
                        at,
                        pk,
                    )

        self.counts["reflections"] = _copy(
            "journal_reflection",
            "visibility published_at date body created_at updated_at learner_id".split(),
            reflections(),
        )

        def reviews():
            monday = self.today - timedelta(days=self.today.weekday())
            for pk in self.heavy:
                for w in range(0, YEARS_OF_HISTORY * 52, 4):
                    start = monday - timedelta(weeks=w + 1)
                    public = rng.random() < 0.3
                    at = datetime(start.year, start.month, start.day, 18, tzinfo=UTC) + timedelta(
                        days=6
                    )
                    yield (
                        "public" if public else "private",
                        at if public else None,
                        start,
                        "Learning rate schedules.",
                        "Debugging the data block.",
                        "fast.ai book",
                        True,
                        "Beat the baseline.",
                        "Sleep earlier.",
                        600,
                        250,
                        350,
                        2,
                        at,
                        at,
                        pk,
                    )

        self.counts["weekly_reviews"] = _copy(
            "journal_weeklyreview",
            (
                "visibility published_at week_start learned hardest resources "
                "on_track results changes total_minutes inhale_minutes "
                "exhale_minutes items_finished created_at updated_at learner_id"
            ).split(),
            reviews(),
        )

    # -- runs and follows ------------------------------------------------------------------------
    def fill_totals(self) -> None:
        """Day totals and checkpoints by the app's own rule (journal.totals.rebuild), in two
        processes (one per core of the bench machine)."""
        import multiprocessing

        from django.db import connections

        learners = [pk for (pk,) in _ids("SELECT DISTINCT learner_id FROM journal_studysession")]
        connections.close_all()  # each child opens its own connection
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_rebuild_totals, [learners[0::2], learners[1::2]])
        self.counts["day_totals"] = _ids("SELECT count(*) FROM journal_daytotal")[0][0]

    def build(self, say=print) -> dict[str, int]:
        from bench.scale.public_work import make_follows, make_runs

        steps = [
            ("learners", self.make_learners),
            ("roadmaps", self.make_roadmaps),
            ("sessions", self.make_sessions),
            ("reflections and reviews", self.make_writing),
            ("runs", lambda: make_runs(self)),
            ("follows", lambda: make_follows(self)),
            ("day totals (journal.totals.rebuild)", self.fill_totals),
        ]
        for name, step in steps:
            started = time.perf_counter()
            step()
            say(f"   {name}: {time.perf_counter() - started:.1f}s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return self.counts
