"""Reads of the portfolio: what a visitor may see of a learner."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from django.db import connection

from accounts.models import User
from core.visibility import public_learners
from journal.charts.heatmap import heatmap_start, year_heatmap
from journal.selectors import journal_stats, learner_today

ALL_TIME = date(2000, 1, 1)


# The public-learner lookups are compiled once and then run as fixed statements: every cached
# portfolio page, feed and badge asks one first, and building the ORM query each time cost
# several times what running it does (measured on the bench machine: 3.0 ms against 0.15 ms).
# The rule itself stays core.visibility.public_learners().
_PLACEHOLDER = "\x00username"
_statements: dict[tuple, tuple] = {}


def _public_learner_statement(fields: tuple[str, ...] = ()) -> tuple:
    """(sql, params, where the username goes, each column's converters, attribute names) of
    the public learner with `username`, reading `fields` (every field when empty)."""
    key = (connection.vendor, fields)
    if key not in _statements:
        query = public_learners().filter(username=_PLACEHOLDER)
        if fields:
            query = query.only(*fields)
        compiler = query.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        columns = [expression for expression, _, _ in compiler.select]
        _statements[key] = (
            sql,
            list(params),
            list(params).index(_PLACEHOLDER),
            [
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
                for col in columns
            ],
            [col.target.attname for col in columns],
        )
    return _statements[key]


def _public_learner_row(username: str, fields: tuple[str, ...] = ()) -> tuple | None:
    sql, params, at, converters, names = _public_learner_statement(fields)
    params = [*params[:at], username, *params[at + 1 :]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (col, column_converters) in zip(row, converters, strict=True):
        for convert in column_converters:
            value = convert(value, col, connection)
        values.append(value)
    return names, values


def public_learner(username: str) -> User | None:
    """The learner whose portfolio a visitor may see, or None (unknown, inactive or hidden)."""
    found = _public_learner_row(username)
    return None if found is None else User.from_db(connection.alias, *found)


class Stamp(NamedTuple):
    """What a cached public answer is keyed on: who, when their portfolio last changed, and
    their time zone (their local date is in the key too). A User has the same attributes, so
    the rules that build ETags and keys take either."""

    pk: int
    portfolio_changed_at: datetime
    timezone: str


_STAMP_FIELDS = ("portfolio_changed_at", "timezone")


def public_stamp(username: str) -> Stamp | None:
    """A public learner's Stamp, or None (unknown, inactive or hidden): the one read a cached
    answer costs, three columns of one row found by its unique username."""
    found = _public_learner_row(username, _STAMP_FIELDS)
    if found is None:
        return None
    values = dict(zip(*found, strict=True))
    return Stamp(values["id"], values["portfolio_changed_at"], values["timezone"])


def headline(learner: User) -> dict:
    """Figures at the top of the portfolio: one query for the whole history."""
    today = learner_today(learner)
    stats = journal_stats(
        learner, first=ALL_TIME, today=today, weeks=12, daily_from=heatmap_start(today)
    )
    twelve_weeks = stats.weeks_split
    return {
        "hours": round(stats.minutes / 60, 1),
        "days_practised": stats.days_practised,
        "current_streak": stats.current_streak,
        "longest_streak": stats.longest_streak,
        "habit_score": stats.habit_score_rounded,
        "ratio": twelve_weeks,
        "inhale_target_percent": learner.inhale_target_percent,
        "heatmap": year_heatmap(
            stats.minutes_by_day,
            end=today,
            target_minutes=learner.daily_target_minutes,
            rest_weekdays=learner.rest_weekday_numbers,
        ),
    }


def readable_markdown(learner: User) -> dict[str, str]:
    """Zip member name -> Markdown text, for every roadmap and post of the learner."""
    from curriculum.services import roadmap_export
    from portfolio.posts import all_posts_of

    copies: dict[str, str] = {}
    for roadmap in learner.roadmaps.all():
        copies[f"roadmaps/{roadmap.pk}.md"] = roadmap_export(roadmap=roadmap, format="md")
    for post in all_posts_of(learner):
        copies[f"posts/{post.slug}.md"] = f"# {post.title}\n\n{post.body}\n"
    return copies


def _public_roadmaps():
    from curriculum.models import Roadmap

    return Roadmap.objects.public().filter(is_template=False)


def _with_progress(roadmaps) -> list:
    """The roadmaps, each with `progress` (curriculum.pace.Progress: a half-ticked checklist
    counts half, as on the roadmap page) and `percent_done`. Two queries, whatever the size."""
    from django.db.models import F

    from curriculum.models import Item
    from curriculum.pace import progress_of
    from curriculum.selectors import progress_rows

    roadmaps = list(roadmaps)
    items_of: dict[int, list] = {roadmap.pk: [] for roadmap in roadmaps}
    live_items = (
        Item.objects.filter(stage__roadmap__in=list(items_of))
        .annotate(roadmap_pk=F("stage__roadmap_id"))
        .only("status", "estimated_hours", "checklist")
    )
    for item in live_items:
        items_of[item.roadmap_pk].append(item)
    for roadmap in roadmaps:
        roadmap.progress = progress_of(progress_rows(items_of[roadmap.pk]))
        roadmap.percent_done = roadmap.progress.percent
    return roadmaps


def portfolio_sections(learner: User) -> dict:
    """Public roadmaps with their progress, published runs and published logged runs (with
    their metric points): one query each."""
    from tracking.selectors import public_runs

    roadmaps = _with_progress(_public_roadmaps().filter(owner=learner).order_by("-updated_at"))
    return {
        "roadmaps": roadmaps,
        "runs": published_runs(learner),
        "logged_runs": list(public_runs(owner=learner)[:12]),
    }


def published_runs(learner: User) -> list:
    """The learner's published runs that succeeded, newest first (the portfolio and feed)."""
    from training_jobs.models import TrainingJob

    return list(
        TrainingJob.objects.public()
        .filter(owner=learner)
        .select_related("owner")
        .order_by("-finished_at")[:12]
    )


SHOWN_PER_PATH = 10


def paths_to_discover() -> list[dict]:
    """Public roadmaps grouped by the template they started from, with how many learners
    publicly walk each path and the newest SHOWN_PER_PATH roadmaps of each. Four queries, and
    the rows read are bounded by the number of templates, whatever the number of learners."""
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    from curriculum.models import Roadmap

    learners_on = dict(
        _public_roadmaps()
        .values_list("origin_template")
        .annotate(n=Count("owner", distinct=True))
        .values_list("origin_template", "n")
        .order_by()
    )
    newest = _with_progress(
        _public_roadmaps()
        .select_related("owner")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("origin_template")], order_by=F("updated_at").desc()
            )
        )
        .filter(rank__lte=SHOWN_PER_PATH)
        .order_by("-updated_at")
    )
    groups: dict[int | None, dict] = {
        template.pk: {"template": template, "roadmaps": [], "learner_count": 0}
        for template in Roadmap.objects.filter(is_template=True)
    }
    for key, count in learners_on.items():
        group = groups.setdefault(key, {"template": None, "roadmaps": [], "learner_count": 0})
        group["learner_count"] = count
    for roadmap in newest:
        groups[roadmap.origin_template_id]["roadmaps"].append(roadmap)
    groups = {key: group for key, group in groups.items() if key or group["learner_count"]}
    return sorted(
        groups.values(),
        key=lambda g: (
            g["template"] is None,
            -g["learner_count"],
            g["template"] and g["template"].title,
        ),
    )


def publishable_things(learner: User) -> dict[str, list]:
    """Everything the learner could show on the portfolio, with whether it is shown."""
    from curriculum.models import Roadmap
    from journal.models import Reflection, StudySession, WeeklyReview
    from training_jobs.models import TrainingJob

    things = {
        "roadmap": list(Roadmap.objects.filter(owner=learner).order_by("-updated_at")),
        "reflection": list(Reflection.objects.filter(learner=learner)[:200]),
        "review": list(WeeklyReview.objects.filter(learner=learner)[:200]),
        "session": list(
            StudySession.objects.filter(learner=learner)
            .exclude(note="")
            .select_related("item")[:200]
        ),
    }
    things["run"] = list(
        TrainingJob.objects.filter(owner=learner, status="succeeded").order_by("-finished_at")
    )
    return things
