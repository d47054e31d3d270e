"""The Today page and the stats API for a learner with one week of daily sessions and for one
with three years of them. The query count must be the same for both; the time ratio
(3 years / 1 week) shows what the history costs (one aggregate over minutes per day)."""

from datetime import UTC, datetime, time, timedelta

from django.test import Client

from bench.timing import median_seconds, query_count

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


def measure(learner) -> dict:
    client = Client()
    client.force_login(learner)

    def today():
        assert client.get("/today/").status_code == 200

    def stats():
        assert client.get("/api/stats/").status_code == 200

    return {
        "today_queries": query_count(today),
        "today_ms": round(median_seconds(today, repeat=9) * 1000, 2),
        "stats_queries": query_count(stats),
        "stats_ms": round(median_seconds(stats, repeat=9) * 1000, 2),
    }


def run() -> dict:
    week, week_sessions = learner_with_days("bench-week", 7)
    years, years_sessions = learner_with_days("bench-years", 3 * 365)
    short = measure(week)
    long = measure(years)
    return {
        "one_week": {"sessions": week_sessions, **short},
        "three_years": {"sessions": years_sessions, **long},
        "same_query_count": (
            short["today_queries"] == long["today_queries"]
            and short["stats_queries"] == long["stats_queries"]
        ),
        "today_time_ratio_3y_over_1w": round(long["today_ms"] / short["today_ms"], 2),
        "stats_time_ratio_3y_over_1w": round(long["stats_ms"] / short["stats_ms"], 2),
    }
