"""Properties of streaks and habit strength that must hold for any history."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from journal.habits import current_streak, habit_strength, longest_streak

TODAY = date(2025, 6, 15)

offsets = st.sets(st.integers(min_value=0, max_value=120), max_size=90)
rest_days = st.frozensets(st.integers(min_value=0, max_value=6), max_size=6)
todays = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


def history(today: date, back: set[int]) -> set[date]:
    return {today - timedelta(days=n) for n in back}


@given(todays, offsets, rest_days, st.integers(min_value=0, max_value=120))
def test_adding_a_session_never_lowers_the_current_streak(today, back, rest, extra):
    practised = history(today, back)
    more = practised | {today - timedelta(days=extra)}
    assert current_streak(more, today, rest) >= current_streak(practised, today, rest)
    assert longest_streak(more, rest, today) >= longest_streak(practised, rest, today)


@given(todays, offsets, rest_days)
def test_score_stays_between_0_and_100(today, back, rest):
    assert 0.0 <= habit_strength(history(today, back), today, rest) <= 100.0


@given(todays, offsets, rest_days, st.integers(min_value=0, max_value=120))
def test_adding_a_session_never_lowers_the_score(today, back, rest, extra):
    practised = history(today, back)
    more = practised | {today - timedelta(days=extra)}
    assert habit_strength(more, today, rest) >= habit_strength(practised, today, rest) - 1e-9


@given(todays, offsets, rest_days, offsets)
def test_a_rest_day_never_changes_a_streak(today, back, rest, rest_back):
    practised = history(today, back)
    on_rest_days = {d for d in history(today, rest_back) if d.weekday() in rest}
    without = practised - on_rest_days
    with_ = practised | on_rest_days
    assert current_streak(without, today, rest) == current_streak(with_, today, rest)
    assert longest_streak(without, rest, today) == longest_streak(with_, rest, today)


@given(todays, offsets, rest_days)
def test_longest_streak_is_at_least_the_current_one(today, back, rest):
    practised = history(today, back)
    assert longest_streak(practised, rest, today) >= current_streak(practised, today, rest)
