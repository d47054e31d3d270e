"""A learner's year in review: figures, a printable page and a 1200×630 image card.

Only aggregates of what the public portfolio already shows: practice minutes (the portfolio
shows hours and the heatmap), counts of finished items (never their titles: a private
roadmap's item titles are private), published runs and published posts. A fixed number of
queries, however long the history: one for the days, one count each for items and runs, one
per kind of post."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from journal import habits
from journal.selectors import daily_kind_minutes_and_pauses, learner_today, local_day_bounds

CARD_SIZE = (1200, 630)
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"


@dataclass(frozen=True)
class YearInReview:
    year: int
    minutes: int
    days_practised: int
    longest_streak: int
    items_finished: int
    runs_shipped: int
    posts_published: int
    split: habits.Split
    best_month: date | None
    best_month_minutes: int
    months: tuple[tuple[date, int], ...]  # every month of the year, empty ones included

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def year_range(joined: date, today: date) -> range:
    """The years a learner has a review for: from the one they joined in to this one."""
    return range(joined.year, today.year + 1)


def summarise_year(
    year: int,
    rows: list[tuple[date, str, int]],
    today: date,
    rest_weekdays: frozenset[int] | set[int] = frozenset(),
    freezes_per_month: int = 0,
    pause_ranges: list[tuple[date, date]] | tuple = (),
    items_finished: int = 0,
    runs_shipped: int = 0,
    posts_published: int = 0,
) -> YearInReview:
    """Pure: the figures of `year` from (local date, kind, minutes) rows of any span.

    The longest streak is counted within the year (a run from the December before counts
    from 1 January), forgiving paused days and frozen days as the habits page does."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    per_day: dict[date, int] = {}
    for day, _kind, minutes in rows:
        if day <= today:
            per_day[day] = per_day.get(day, 0) + minutes
    forgiven = habits.forgiven_days(
        set(per_day), last, rest_weekdays, freezes_per_month, pause_ranges
    )
    in_year = [(d, k, m) for d, k, m in rows if first <= d <= last]
    practised = {d for d, _, _ in in_year}
    month_minutes = {date(year, n, 1): 0 for n in range(1, 13)}
    for day, _kind, minutes in in_year:
        month_minutes[day.replace(day=1)] += minutes
    best = max(month_minutes.items(), key=lambda kv: (kv[1], -kv[0].month))
    return YearInReview(
        year=year,
        minutes=sum(m for _, _, m in in_year),
        days_practised=len(practised),
        longest_streak=habits.longest_streak(practised, rest_weekdays, last, forgiven.skipped),
        items_finished=items_finished,
        runs_shipped=runs_shipped,
        posts_published=posts_published,
        split=habits.split_of((k, m) for _, k, m in in_year),
        best_month=best[0] if best[1] else None,
        best_month_minutes=best[1],
        months=tuple(sorted(month_minutes.items())),
    )


def year_in_review(learner, year: int) -> YearInReview:
    """The learner's review of `year` (a fixed number of queries)."""
    from curriculum.models import ItemStatus
    from journal.selectors import own_items
    from portfolio.posts import SOURCES, _public
    from training_jobs.models import TrainingJob

    today = learner_today(learner)
    rows, pauses = daily_kind_minutes_and_pauses(learner, until=date(year, 12, 31))
    start, end = local_day_bounds(learner, date(year, 1, 1), date(year, 12, 31))
    items = (
        own_items(learner)
        .filter(status=ItemStatus.DONE, finished_at__gte=start, finished_at__lt=end)
        .count()
    )
    runs = (
        TrainingJob.objects.public()
        .filter(owner=learner, finished_at__gte=start, finished_at__lt=end)
        .count()
    )
    posts = sum(
        _public(model, ())
        .filter(learner=learner, published_at__gte=start, published_at__lt=end)
        .count()
        for model, _build, _related in SOURCES.values()
    )
    return summarise_year(
        year,
        rows,
        today,
        learner.rest_weekday_numbers,
        learner.streak_freezes_per_month,
        pauses,
        items_finished=items,
        runs_shipped=runs,
        posts_published=posts,
    )


# --- the image card --------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(FONT_DIR + name, size)
    except OSError:  # no DejaVu on this machine: Pillow's own font still reads fine
        return ImageFont.load_default(size=size)


def card_png(name: str, review: YearInReview) -> bytes:
    """A 1200×630 PNG (the size link previews use) with the year's headline figures."""
    from PIL import Image, ImageDraw

    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, "#10232f")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 18, height], fill="#2e9e6a")
    draw.text((70, 50), f"{review.year} in review", font=_font(64, bold=True), fill="#ffffff")
    shown = name if len(name) <= 40 else name[:39] + "…"
    draw.text((70, 135), f"{shown} · learning ML in public", font=_font(32), fill="#b8cdd6")
    split = review.split
    ratio = f"{split.inhale_percent}/{split.exhale_percent}" if split.total else "—"
    figures = [
        (f"{review.hours:g}", "hours"),
        (str(review.longest_streak), "longest streak"),
        (str(review.items_finished), "items finished"),
        (str(review.runs_shipped), "runs shipped"),
        (str(review.posts_published), "posts"),
        (ratio, "inhale/exhale"),
    ]
    for index, (value, label) in enumerate(figures):
        x = 70 + (index % 3) * 370
        y = 230 + (index // 3) * 170
        draw.text((x, y), value, font=_font(72, bold=True), fill="#ffffff")
        draw.text((x, y + 88), label, font=_font(28), fill="#8fb3c2")
    if review.best_month:
        best = f"Most practice in {review.best_month:%B}"
        draw.text((70, height - 70), best, font=_font(28), fill="#b8cdd6")
    draw.text((width - 230, height - 70), "Exhale", font=_font(36, bold=True), fill="#2e9e6a")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
