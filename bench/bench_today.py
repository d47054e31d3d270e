"""The Today page and the stats API for a learner with one week of daily sessions and for one
with three years of them. The query count must be the same for both; the time ratio
(3 years / 1 week) shows what the history costs: the figures read a month of day totals and
the learner's checkpoint, so the target is at most 1.3. Both are timed in turns."""

import statistics
import time as clock
from datetime import UTC, datetime, time, timedelta

from django.test import Client

from bench.timing import query_count

KINDS = ["coding", "reading", "experiment", "writing", "lecture", "coding", "sharing"]


def learner_with_days(username: str, days: int):
    from accounts.models import User
    from journal import totals
    from journal.models import StudySession

    learner = User.objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password="bench-password-123",
        rest_weekdays="6",
    )
    today = datetime.now(UTC).date()
    sessions = []
    for back in range(days):
        day = today - timedelta(days=back)
        for slot, kind in enumerate((KINDS[back % 7], "reading")[: 1 + back % 2]):
            sessions.append(
                StudySession(
                    learner=learner,
                    started_at=datetime.combine(day, time(6 + slot * 6), tzinfo=UTC),
                    local_date=day,
                    minutes=25 + (back * 7) % 60,
                    kind=kind,
                    note="bench session",
                )
            )
    StudySession.objects.bulk_create(sessions, batch_size=1000)
    totals.rebuild(learner)  # sessions made in bulk, as the data migration fills them
    return learner, len(sessions)


def _page(learner, path: str):
    client = Client()
    client.force_login(learner)

    def get():
        assert client.get(path).status_code == 200

    return get


def interleaved_ms(short, long, rounds: int = 25) -> tuple[float, float]:
    """Median milliseconds of each, measured in turns so a busy machine slows both alike."""
    short(), long()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for action, into in ((short, samples[0]), (long, samples[1])):
            started = clock.perf_counter()
            action()
            into.append(clock.perf_counter() - started)
    return tuple(round(statistics.median(s) * 1000, 2) for s in samples)


def run() -> dict:
    week, week_sessions = learner_with_days("bench-week", 7)
    years, years_sessions = learner_with_days("bench-years", 3 * 365)
    figures = {"one_week": {"sessions": week_sessions}, "three_years": {"sessions": years_sessions}}
    for name, path in (("today", "/today/"), ("stats", "/api/stats/")):
        short, long = _page(week, path), _page(years, path)
        figures["one_week"][f"{name}_queries"] = query_count(short)
        figures["three_years"][f"{name}_queries"] = query_count(long)
        short_ms, long_ms = interleaved_ms(short, long)
        figures["one_week"][f"{name}_ms"] = short_ms
        figures["three_years"][f"{name}_ms"] = long_ms
        figures[f"{name}_time_ratio_3y_over_1w"] = round(long_ms / short_ms, 2)
        figures[f"{name}_target"] = "<= 1.3"
    figures["same_query_count"] = all(
        figures["one_week"][f"{n}_queries"] == figures["three_years"][f"{n}_queries"]
        for n in ("today", "stats")
    )
    return figures
