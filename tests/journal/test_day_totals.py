"""The day totals always equal the sum of the sessions, whatever sequence of writes made them
(log, edit, delete, undo, CSV import, a time zone change); and the figures read from a
checkpoint plus a month of totals equal the reference functions over the whole history."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.services import profile_update
from journal import habits, services, totals
from journal.csv_io import SessionRow
from journal.models import DayTotal, HabitCheckpoint, StudySession
from journal.selectors import journal_stats
from tests.factories import LearnerFactory
from tests.journal.factories import session_on

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Pacific/Auckland", "Pacific/Honolulu", "Europe/London", "Asia/Kolkata"]
KINDS = ["coding", "reading", "lecture", "experiment"]
NOW = datetime.now(UTC)


def sums_of_sessions(learner) -> dict:
    """The independent figure: each session's minutes added up by (local date, kind)."""
    sums: Counter = Counter()
    for day, kind, minutes in StudySession.objects.filter(learner=learner).values_list(
        "local_date", "kind", "minutes"
    ):
        sums[(day, kind)] += minutes
    return dict(sums)


def stored_totals(learner) -> dict:
    rows = DayTotal.objects.filter(learner=learner).values_list("day", "kind", "minutes")
    return {(day, kind): minutes for day, kind, minutes in rows}


def assert_in_step(learner) -> None:
    learner.refresh_from_db()
    zone = ZoneInfo(learner.timezone)
    for started_at, day in StudySession.objects.filter(learner=learner).values_list(
        "started_at", "local_date"
    ):
        assert day == habits.local_date(started_at, zone)  # dates follow the current zone
    assert stored_totals(learner) == sums_of_sessions(learner)


starts = st.integers(min_value=0, max_value=400 * 24 * 60).map(
    lambda back: NOW - timedelta(minutes=back + 10)
)
minutes = st.integers(min_value=1, max_value=600)
kinds = st.sampled_from(KINDS)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("log"), starts, minutes, kinds),
        st.tuples(st.just("edit"), st.integers(0, 50), minutes, kinds, starts),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("undo"), st.integers(0, 50)),
        st.tuples(st.just("import"), st.lists(st.tuples(starts, minutes, kinds), max_size=4)),
        st.tuples(st.just("zone"), st.sampled_from(ZONES)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_day_totals_always_equal_the_sum_of_the_sessions(ops):
    learner = LearnerFactory(timezone="Pacific/Auckland")
    tokens = []
    for op in ops:
        sessions = list(StudySession.objects.filter(learner=learner).order_by("pk"))
        if op[0] == "log":
            services.session_log(learner=learner, started_at=op[1], minutes=op[2], kind=op[3])
        elif op[0] == "edit" and sessions:
            services.session_update(
                learner=learner,
                session=sessions[op[1] % len(sessions)],
                minutes=op[2],
                kind=op[3],
                started_at=op[4],
            )
        elif op[0] == "delete" and sessions:
            tokens.append(
                services.session_delete(learner=learner, session=sessions[op[1] % len(sessions)])
            )
        elif op[0] == "undo" and tokens:
            services.session_restore(learner=learner, token=tokens.pop(op[1] % len(tokens)))
        elif op[0] == "import":
            rows = [
                SessionRow(row_number=n, started_at=s, minutes=m, kind=k)
                for n, (s, m, k) in enumerate(op[1], start=2)
            ]
            services.sessions_import(learner=learner, rows=rows)
        elif op[0] == "zone":
            profile_update(learner=learner, timezone=op[1])
        assert_in_step(learner)


def test_a_time_zone_change_moves_sessions_to_their_days_in_the_new_zone(owner):
    # 20:30 UTC on 1 March is 09:30 on 2 March in Auckland.
    started = datetime(2025, 3, 1, 20, 30, tzinfo=UTC)
    services.session_log(learner=owner, started_at=started, minutes=45, kind="reading")
    assert stored_totals(owner) == {(date(2025, 3, 1), "reading"): 45}

    profile_update(learner=owner, timezone="Pacific/Auckland")

    assert StudySession.objects.get(learner=owner).local_date == date(2025, 3, 2)
    assert stored_totals(owner) == {(date(2025, 3, 2), "reading"): 45}


def test_the_admin_keeps_the_totals(owner, admin_client):
    session = session_on(owner, date(2025, 5, 5), minutes=30)
    admin_client.post(f"/admin/journal/studysession/{session.pk}/delete/", {"post": "yes"})

    assert not StudySession.objects.filter(pk=session.pk).exists()
    assert stored_totals(owner) == {}


# --- the figures from a checkpoint ----------------------------------------------------------

TODAY = date(2025, 6, 18)
histories = st.sets(st.integers(min_value=0, max_value=200), max_size=160)


def reference(learner, practised_rows, today, pauses, first, weeks=12):
    """The figures by the reference functions in journal.habits over the whole history."""
    rest = learner.rest_weekday_numbers
    freezes = learner.streak_freezes_per_month
    practised = {d for d, _, _ in practised_rows}
    forgiveness = habits.forgiven_days(practised, today, rest, freezes, pauses)
    skipped = forgiveness.skipped
    in_range = [(d, k, m) for d, k, m in practised_rows if first <= d <= today]
    by_week = habits.split_by_week(practised_rows)
    return {
        "current": habits.current_streak(practised, today, rest, skipped),
        "longest": habits.longest_streak(practised, rest, today, skipped),
        "score": habits.habit_strength(practised, today, rest, skipped),
        "frozen": forgiveness.frozen,
        "minutes": sum(m for _, _, m in in_range),
        "split": habits.split_of((k, m) for _, k, m in in_range),
        "days": len({d for d, _, _ in in_range}),
        "weeks": habits.last_weeks(by_week, today, weeks),
        "months": sorted(
            (k, v)
            for k, v in habits.split_by_month(practised_rows).items()
            if first.replace(day=1) <= k
        ),
    }


def figures(stats):
    return {
        "current": stats.current_streak,
        "longest": stats.longest_streak,
        "score": stats.habit_score,
        "frozen": stats.forgiveness.frozen,
        "minutes": stats.minutes,
        "split": stats.split,
        "days": stats.days_practised,
        "weeks": stats.weeks,
        "months": stats.months,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    histories,
    st.frozensets(st.integers(0, 6), max_size=3),
    st.integers(0, 3),
    st.lists(st.tuples(st.integers(1, 200), st.integers(0, 10)), max_size=2),
    st.sampled_from([None, date(2000, 1, 1), TODAY - timedelta(days=40), date(2025, 1, 1)]),
)
def test_figures_from_a_checkpoint_equal_the_whole_history(back, rest, freezes, pauses, first):
    learner = LearnerFactory(
        rest_weekdays="".join(str(d) for d in sorted(rest)), streak_freezes_per_month=freezes
    )
    rows = []
    for n in sorted(back):
        day = TODAY - timedelta(days=n)
        kind = KINDS[n % len(KINDS)]
        session_on(learner, day, minutes=10 + n % 50, kind=kind)
        rows.append((day, kind, 10 + n % 50))
    ranges = []
    for back_start, length in pauses:
        start = TODAY - timedelta(days=back_start)
        end = start + timedelta(days=length)
        if not any(s <= end and start <= e for s, e in ranges):
            services.pause_add(learner=learner, start=start, end=end)
            ranges.append((start, end))
    learner.refresh_from_db()
    made = totals.refresh_checkpoint(learner, today=TODAY)

    stats = journal_stats(learner, first=first, today=TODAY)

    expected = reference(learner, sorted(rows), TODAY, ranges, stats.first)
    assert figures(stats) == expected
    assert (made is not None) == any(d < TODAY.replace(day=1) for d, _, _ in rows)


def test_the_figures_read_a_month_of_totals_however_long_the_history(
    owner, django_assert_num_queries
):
    today = date(2025, 6, 18)
    StudySession.objects.bulk_create(
        StudySession(
            learner=owner,
            started_at=datetime.combine(today - timedelta(days=back), time(8), tzinfo=UTC),
            local_date=today - timedelta(days=back),
            minutes=30,
        )
        for back in range(3 * 365)
    )
    totals.rebuild(owner)
    totals.refresh_checkpoint(owner, today=today)

    with django_assert_num_queries(1):
        stats = journal_stats(owner, today=today)

    assert stats.current_streak == 3 * 365 and stats.longest_streak == 3 * 365
    assert stats.days_practised == 365 and stats.minutes == 365 * 30
    day_rows = [r for r in stats.minutes_by_day if r >= date(2025, 6, 1)]
    assert len(day_rows) == 18 and len(stats.minutes_by_day) <= 18 + 31


def test_a_checkpoint_made_under_other_settings_is_not_used(owner):
    today = date(2025, 6, 18)
    for back in range(100):
        session_on(owner, today - timedelta(days=back), hour=8)
    totals.refresh_checkpoint(owner, today=today)
    # Changed behind the services' back (the admin, a shell): the checkpoint no longer fits.
    type(owner).objects.filter(pk=owner.pk).update(rest_weekdays="0")
    owner = type(owner).objects.get(pk=owner.pk)

    stats = journal_stats(owner, today=today)

    practised = {today - timedelta(days=n) for n in range(100)}
    assert stats.longest_streak == habits.longest_streak(practised, {0}, today) < 100
    assert stats.current_streak == habits.current_streak(practised, today, {0})


def test_a_session_on_a_day_the_checkpoint_covers_makes_it_again(owner):
    today = datetime.now(UTC).date()
    old = today.replace(day=1) - timedelta(days=40)
    session_on(owner, old, minutes=20)
    first = HabitCheckpoint.objects.get(learner=owner).data

    services.session_log(
        learner=owner,
        started_at=datetime.combine(old, time(7), tzinfo=UTC),
        minutes=15,
        kind="reading",
    )

    assert HabitCheckpoint.objects.get(learner=owner).data != first
    assert journal_stats(owner, first=date(2000, 1, 1)).minutes == 35


def test_the_command_rebuilds_totals_lost_or_wrong(owner):
    from django.core.management import call_command

    session_on(owner, date(2025, 5, 5), minutes=30)
    session_on(owner, date(2025, 5, 5), minutes=20, kind="reading")
    DayTotal.objects.filter(learner=owner).update(minutes=999)

    call_command("journal_totals", verbosity=0)

    assert (
        stored_totals(owner)
        == sums_of_sessions(owner)
        == {
            (date(2025, 5, 5), "coding"): 30,
            (date(2025, 5, 5), "reading"): 20,
        }
    )
    assert HabitCheckpoint.objects.filter(learner=owner).exists()
