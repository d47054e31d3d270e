"""Streak freezes and sick/holiday pauses, as pure functions: which days are forgiven, and
what streaks and the score make of them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.habits import (
    HABIT_MULTIPLIER as M,
)
from journal.habits import (
    current_streak,
    forgiven_days,
    freeze_notice,
    habit_strength,
    longest_streak,
    paused_days,
)


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def stats(practised, today, rest=(), freezes=0, pauses=()):
    forgiven = forgiven_days(practised, today, rest, freezes, pauses)
    skipped = forgiven.skipped
    return (
        forgiven,
        current_streak(practised, today, rest, skipped),
        habit_strength(practised, today, rest, skipped),
    )


# --- spending ------------------------------------------------------------------------------


def test_a_missed_day_spends_a_freeze_and_keeps_the_streak():
    practised = days(date(2025, 3, 3), date(2025, 3, 10)) - {date(2025, 3, 4)}  # Tuesday missed

    forgiven, streak, _ = stats(practised, date(2025, 3, 10), freezes=2)

    assert forgiven.frozen == (date(2025, 3, 4),)
    assert forgiven.freezes_used_in(date(2025, 3, 1)) == 1
    # 7 practised days; the frozen Tuesday neither breaks nor extends the streak.
    assert streak == 7
    assert current_streak(practised, date(2025, 3, 10)) == 6  # without freezes: broken


def test_a_frozen_day_does_not_lower_the_score_like_a_rest_day():
    practised = days(date(2025, 3, 3), date(2025, 3, 10)) - {date(2025, 3, 4)}

    _, _, score = stats(practised, date(2025, 3, 10), freezes=1)

    assert score == pytest.approx(100 * (1 - M**7))
    assert score > habit_strength(practised, date(2025, 3, 10))


def test_freezes_are_spent_oldest_first_and_run_out():
    # Practised 1 April, then missed 2, 3 and 4 April; practised again on the 5th.
    practised = {date(2025, 4, 1), date(2025, 4, 5)}

    forgiven, streak, _ = stats(practised, date(2025, 4, 5), freezes=2)

    assert forgiven.frozen == (date(2025, 4, 2), date(2025, 4, 3))
    assert streak == 1  # the 4th had no freeze left: the streak restarted on the 5th


def test_no_budget_means_no_freezes():
    practised = {date(2025, 4, 1), date(2025, 4, 3)}

    forgiven, streak, _ = stats(practised, date(2025, 4, 3), freezes=0)

    assert forgiven.frozen == () and streak == 1


def test_rest_days_and_today_need_no_freeze():
    monday, sunday = date(2025, 3, 3), date(2025, 3, 9)
    practised = days(monday, date(2025, 3, 7))  # Mon-Fri; Sat and Sun are rest days

    forgiven, streak, _ = stats(practised, date(2025, 3, 10), rest={5, 6}, freezes=2)

    assert forgiven.frozen == ()  # the weekend is rest, Monday 10th is still open
    assert streak == 5 and sunday not in forgiven.skipped


def test_budget_resets_on_the_first_of_the_month():
    # Missed 30 and 31 January and 1 and 2 February, practised the rest.
    missed = {date(2025, 1, 30), date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 2)}
    practised = days(date(2025, 1, 27), date(2025, 2, 4)) - missed

    forgiven, streak, _ = stats(practised, date(2025, 2, 4), freezes=2)

    assert forgiven.frozen == tuple(sorted(missed))
    assert forgiven.freezes_used_in(date(2025, 1, 1)) == 2
    assert forgiven.freezes_used_in(date(2025, 2, 1)) == 2
    assert streak == 5  # 27-29 January and 3-4 February


def test_a_budget_left_unspent_does_not_roll_over():
    # Nothing missed in January; three days missed in February with two freezes a month.
    missed = {date(2025, 2, 10), date(2025, 2, 11), date(2025, 2, 12)}
    practised = days(date(2025, 1, 1), date(2025, 2, 13)) - missed

    forgiven, streak, _ = stats(practised, date(2025, 2, 13), freezes=2)

    assert forgiven.frozen == (date(2025, 2, 10), date(2025, 2, 11))
    assert streak == 1


# --- pauses --------------------------------------------------------------------------------


def test_paused_days_include_both_ends_and_are_clipped():
    assert paused_days([(date(2025, 5, 1), date(2025, 5, 3))]) == days(
        date(2025, 5, 1), date(2025, 5, 3)
    )
    assert paused_days([(date(2025, 5, 1), date(2025, 5, 30))], last=date(2025, 5, 2)) == {
        date(2025, 5, 1),
        date(2025, 5, 2),
    }


def test_a_pause_keeps_streak_and_score_and_spends_no_freeze():
    away = (date(2025, 5, 5), date(2025, 5, 18))  # two weeks of holiday
    practised = days(date(2025, 4, 28), date(2025, 5, 4)) | days(
        date(2025, 5, 19), date(2025, 5, 20)
    )

    forgiven, streak, score = stats(practised, date(2025, 5, 20), freezes=2, pauses=[away])

    assert forgiven.frozen == ()
    assert streak == 9
    assert score == pytest.approx(100 * (1 - M**9))
    assert longest_streak(practised, (), date(2025, 5, 20), forgiven.skipped) == 9


def test_practice_on_a_paused_day_neither_breaks_nor_extends():
    practised = {date(2025, 5, 1), date(2025, 5, 2), date(2025, 5, 3)}
    pause = [(date(2025, 5, 2), date(2025, 5, 2))]

    _, streak, _ = stats(practised, date(2025, 5, 3), pauses=pause)

    assert streak == 2


def test_a_pause_planned_ahead_changes_nothing_yet():
    practised = {date(2025, 5, 1), date(2025, 5, 3)}
    pause = [(date(2025, 6, 1), date(2025, 6, 14))]

    forgiven, streak, _ = stats(practised, date(2025, 5, 3), pauses=pause)

    assert forgiven.paused == frozenset() and streak == 1


# --- the Today notice ----------------------------------------------------------------------


def test_notice_names_the_covered_day_and_what_is_left():
    today = date(2025, 3, 6)  # Thursday
    assert (
        freeze_notice([date(2025, 3, 4)], today, 2)
        == "A streak freeze covered Tuesday; 1 left this month."
    )
    assert (
        freeze_notice([date(2025, 3, 3), date(2025, 3, 4)], today, 2)
        == "Streak freezes covered Monday and Tuesday; 0 left this month."
    )


def test_notice_counts_only_this_months_freezes():
    # A freeze on 31 January, seen on 2 February: February's budget is whole.
    assert (
        freeze_notice([date(2025, 1, 31)], date(2025, 2, 2), 2)
        == "A streak freeze covered Friday; 2 left this month."
    )


def test_no_notice_for_old_freezes_or_none():
    assert freeze_notice([], date(2025, 3, 6), 2) is None
    assert freeze_notice([date(2025, 2, 20)], date(2025, 3, 6), 2) is None


# --- properties ----------------------------------------------------------------------------

TODAY = date(2025, 6, 15)
offsets = st.sets(st.integers(min_value=0, max_value=120), max_size=90)
rest_days = st.frozensets(st.integers(min_value=0, max_value=6), max_size=6)
todays = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
budgets = st.integers(min_value=0, max_value=10)
pause_lists = st.lists(
    st.tuples(st.integers(min_value=0, max_value=130), st.integers(min_value=0, max_value=20)),
    max_size=3,
)


def history(today: date, back: set[int]) -> set[date]:
    return {today - timedelta(days=n) for n in back}


def ranges(today: date, pauses) -> list[tuple[date, date]]:
    return [
        (today - timedelta(days=b), today - timedelta(days=b) + timedelta(days=n))
        for b, n in pauses
    ]


@given(todays, offsets, rest_days, budgets, pause_lists)
def test_freezes_never_lower_the_current_streak_or_the_score(today, back, rest, budget, pauses):
    practised = history(today, back)
    paused = ranges(today, pauses)
    without = forgiven_days(practised, today, rest, 0, paused).skipped
    with_ = forgiven_days(practised, today, rest, budget, paused).skipped

    assert current_streak(practised, today, rest, with_) >= current_streak(
        practised, today, rest, without
    )
    assert habit_strength(practised, today, rest, with_) >= (
        habit_strength(practised, today, rest, without) - 1e-9
    )


@given(todays, offsets, rest_days, budgets, pause_lists)
def test_score_stays_between_0_and_100_with_freezes_and_pauses(today, back, rest, budget, pauses):
    practised = history(today, back)
    skipped = forgiven_days(practised, today, rest, budget, ranges(today, pauses)).skipped

    assert 0.0 <= habit_strength(practised, today, rest, skipped) <= 100.0


@given(todays, offsets, rest_days, budgets)
def test_never_more_freezes_in_a_month_than_the_budget(today, back, rest, budget):
    forgiven = forgiven_days(history(today, back), today, rest, budget)
    months = {(d.year, d.month) for d in forgiven.frozen}

    for year, month in months:
        assert forgiven.freezes_used_in(date(year, month, 1)) <= budget
    assert all(d < today and d.weekday() not in rest for d in forgiven.frozen)
