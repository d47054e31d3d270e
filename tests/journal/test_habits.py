"""Streaks, habit strength, day bucketing and the ratio on cases computed by hand.

2025-01-06 is a Monday. Weekdays: 0 = Monday .. 6 = Sunday."""

from datetime import UTC, date, datetime, timedelta

import pytest

from journal.habits import (
    HABIT_MULTIPLIER as M,
)
from journal.habits import (
    Split,
    current_streak,
    habit_strength,
    habit_strength_after,
    last_weeks,
    local_date,
    longest_streak,
    minutes_by_local_day,
    ratio_nudge,
    split_by_month,
    split_by_week,
    split_of,
    week_start,
)

WEEKEND = frozenset({5, 6})


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- day bucketing -------------------------------------------------------------------------


def test_late_and_early_sessions_in_auckland_summer_fall_on_their_local_days():
    # NZDT is UTC+13: 23:30 on 15 Jan is 10:30 UTC, 00:30 on 16 Jan is 11:30 UTC, same UTC day.
    assert local_date(utc(2025, 1, 15, 10, 30), "Pacific/Auckland") == date(2025, 1, 15)
    assert local_date(utc(2025, 1, 15, 11, 30), "Pacific/Auckland") == date(2025, 1, 16)


def test_tonga_is_utc_plus_13_all_year():
    assert local_date(utc(2025, 7, 1, 10, 30), "Pacific/Tongatapu") == date(2025, 7, 1)
    assert local_date(utc(2025, 7, 1, 11, 30), "Pacific/Tongatapu") == date(2025, 7, 2)


def test_late_and_early_sessions_in_honolulu_fall_on_their_local_days():
    # HST is UTC-10: 23:30 on 15 Jan is 09:30 UTC on the 16th; 00:30 on the 16th is 10:30 UTC.
    assert local_date(utc(2025, 1, 16, 9, 30), "Pacific/Honolulu") == date(2025, 1, 15)
    assert local_date(utc(2025, 1, 16, 10, 30), "Pacific/Honolulu") == date(2025, 1, 16)


def test_bucketing_follows_the_daylight_saving_change():
    # Berlin moves from UTC+1 to UTC+2 at 02:00 on 30 March 2025.
    before = utc(2025, 3, 29, 23, 30)  # 00:30 CET on the 30th
    after = utc(2025, 3, 30, 22, 30)  # 00:30 CEST on the 31st (a fixed +1 would say the 30th)
    totals = minutes_by_local_day([(before, 20), (after, 40)], "Europe/Berlin")
    assert totals == {date(2025, 3, 30): 20, date(2025, 3, 31): 40}


def test_auckland_autumn_change_keeps_a_late_session_on_its_day():
    # NZ leaves DST at 03:00 NZDT on 6 April 2025 (back to UTC+12).
    assert local_date(utc(2025, 4, 6, 11, 30), "Pacific/Auckland") == date(2025, 4, 6)  # 23:30
    assert local_date(utc(2025, 4, 6, 12, 30), "Pacific/Auckland") == date(2025, 4, 7)  # 00:30


def test_two_sessions_on_one_day_add_up():
    totals = minutes_by_local_day(
        [(utc(2025, 1, 6, 8), 30), (utc(2025, 1, 6, 19), 45), (utc(2025, 1, 7, 8), 10)], "UTC"
    )
    assert totals == {date(2025, 1, 6): 75, date(2025, 1, 7): 10}


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        local_date(datetime(2025, 1, 6, 8), "UTC")


def test_week_starts_on_monday():
    assert week_start(date(2025, 1, 12)) == date(2025, 1, 6)  # Sunday
    assert week_start(date(2025, 1, 6)) == date(2025, 1, 6)
    assert week_start(date(2025, 1, 1)) == date(2024, 12, 30)  # ISO week 1 of 2025


# --- streaks -------------------------------------------------------------------------------


def test_no_practice_no_streak():
    assert current_streak(set(), date(2025, 1, 6)) == 0
    assert longest_streak(set()) == 0


def test_five_days_in_a_row_make_a_streak_of_five():
    week = days(date(2025, 1, 6), date(2025, 1, 10))
    assert current_streak(week, today=date(2025, 1, 10)) == 5
    assert longest_streak(week) == 5


def test_today_not_yet_practised_does_not_break_the_streak():
    week = days(date(2025, 1, 6), date(2025, 1, 10))
    assert current_streak(week, today=date(2025, 1, 11)) == 5


def test_a_missed_day_breaks_the_streak():
    week = days(date(2025, 1, 6), date(2025, 1, 10))
    assert current_streak(week, today=date(2025, 1, 12)) == 0  # Saturday the 11th missed
    with_gap = week - {date(2025, 1, 8)}
    assert current_streak(with_gap, today=date(2025, 1, 10)) == 2
    assert longest_streak(with_gap) == 2


def test_planned_rest_days_neither_break_nor_extend_the_streak():
    week = days(date(2025, 1, 6), date(2025, 1, 10))
    # Monday the 13th, weekend rested: still five, six once Monday is practised.
    assert current_streak(week, today=date(2025, 1, 13), rest_weekdays=WEEKEND) == 5
    monday = week | {date(2025, 1, 13)}
    assert current_streak(monday, today=date(2025, 1, 13), rest_weekdays=WEEKEND) == 6
    # Practising on the Saturday is welcome but does not count.
    saturday = monday | {date(2025, 1, 11)}
    assert current_streak(saturday, today=date(2025, 1, 13), rest_weekdays=WEEKEND) == 6
    assert current_streak(saturday, today=date(2025, 1, 11), rest_weekdays=WEEKEND) == 5


def test_a_rest_day_today_keeps_yesterdays_streak():
    week = days(date(2025, 1, 6), date(2025, 1, 10))
    assert current_streak(week, today=date(2025, 1, 12), rest_weekdays=WEEKEND) == 5


def test_practice_only_on_rest_days_makes_no_streak():
    assert current_streak({date(2025, 1, 11)}, date(2025, 1, 11), rest_weekdays=WEEKEND) == 0
    assert longest_streak({date(2025, 1, 11)}, rest_weekdays=WEEKEND) == 0


def test_longest_streak_spans_rest_weekends_and_survives_a_later_break():
    practised = days(date(2025, 1, 6), date(2025, 1, 10)) | days(
        date(2025, 1, 13), date(2025, 1, 15)
    )
    practised |= {date(2025, 1, 17)}  # Thursday the 16th missed
    assert longest_streak(practised, rest_weekdays=WEEKEND) == 8
    assert current_streak(practised, date(2025, 1, 17), rest_weekdays=WEEKEND) == 1


def test_longest_streak_without_rest_days_counts_the_weekend_as_missed():
    practised = days(date(2025, 1, 6), date(2025, 1, 10)) | days(
        date(2025, 1, 13), date(2025, 1, 15)
    )
    assert longest_streak(practised) == 5


def test_days_after_today_are_ignored():
    practised = {date(2025, 1, 6), date(2025, 1, 7), date(2025, 1, 9)}
    assert current_streak(practised, today=date(2025, 1, 7)) == 2
    assert longest_streak(practised | {date(2025, 1, 8)}, today=date(2025, 1, 7)) == 2


def test_streak_across_a_daylight_saving_change_counts_local_days():
    # Europe/Berlin, 30 March 2025 is 23 hours long; one session each local evening at 23:30.
    evenings = [utc(2025, 3, 28, 22, 30), utc(2025, 3, 29, 22, 30), utc(2025, 3, 30, 21, 30)]
    practised = set(minutes_by_local_day([(e, 30) for e in evenings], "Europe/Berlin"))
    assert practised == days(date(2025, 3, 28), date(2025, 3, 30))
    assert current_streak(practised, today=date(2025, 3, 30)) == 3


def test_streak_for_a_learner_at_utc_plus_13_uses_their_dates():
    # A Tongan who studies at 00:30 local every day: UTC says the day before, every time.
    mornings = [utc(2025, 1, d, 11, 30) for d in (5, 6, 7)]
    practised = set(minutes_by_local_day([(m, 30) for m in mornings], "Pacific/Tongatapu"))
    assert practised == days(date(2025, 1, 6), date(2025, 1, 8))
    assert current_streak(practised, today=date(2025, 1, 8)) == 3


def test_streak_for_a_learner_at_utc_minus_10_uses_their_dates():
    # 23:30 in Honolulu is 09:30 UTC the next day.
    evenings = [utc(2025, 1, d, 9, 30) for d in (7, 8, 9)]
    practised = set(minutes_by_local_day([(e, 30) for e in evenings], "Pacific/Honolulu"))
    assert practised == days(date(2025, 1, 6), date(2025, 1, 8))
    assert current_streak(practised, today=date(2025, 1, 9)) == 3  # the 9th is still open


# --- habit strength ------------------------------------------------------------------------


def test_habit_strength_of_nothing_is_zero():
    assert habit_strength(set(), date(2025, 1, 6)) == 0.0


def test_one_day_scores_one_minus_the_multiplier():
    assert habit_strength({date(2025, 1, 6)}, date(2025, 1, 6)) == pytest.approx(100 * (1 - M))
    assert habit_strength({date(2025, 1, 6)}, date(2025, 1, 6)) == pytest.approx(5.19, abs=0.01)


def test_n_days_in_a_row_score_one_minus_m_to_the_n():
    practised = days(date(2025, 1, 1), date(2025, 1, 30))
    assert habit_strength(practised, date(2025, 1, 30)) == pytest.approx(100 * (1 - M**30))
    assert habit_strength_after(30) == pytest.approx(79.80, abs=0.01)  # 1 - 2 ** (-30/13)


def test_a_single_miss_is_forgiven():
    practised = days(date(2025, 1, 1), date(2025, 1, 10)) | {date(2025, 1, 12)}
    after_ten = 1 - M**10
    expected = (after_ten * M) * M + (1 - M)
    assert habit_strength(practised, date(2025, 1, 12)) == pytest.approx(100 * expected)
    # After two months of practice a single miss costs under 6 points, not the whole habit.
    long_run = days(date(2025, 1, 1), date(2025, 3, 1))
    before = habit_strength(long_run, date(2025, 3, 1))
    missed = habit_strength(long_run, date(2025, 3, 3))  # 2 March missed, 3 March open
    assert 0 < before - missed < 6
    assert missed > 85


def test_today_not_yet_practised_does_not_lower_the_score():
    practised = days(date(2025, 1, 1), date(2025, 1, 10))
    assert habit_strength(practised, date(2025, 1, 11)) == habit_strength(
        practised, date(2025, 1, 10)
    )


def test_rest_days_neither_decay_nor_grow_the_score():
    weekdays = days(date(2025, 1, 6), date(2025, 1, 10)) | {date(2025, 1, 13)}
    assert habit_strength(weekdays, date(2025, 1, 13), WEEKEND) == pytest.approx(100 * (1 - M**6))
    with_saturday = weekdays | {date(2025, 1, 11)}
    assert habit_strength(with_saturday, date(2025, 1, 13), WEEKEND) == pytest.approx(
        100 * (1 - M**6)
    )


def test_score_approaches_but_never_passes_one_hundred():
    three_years = days(date(2022, 1, 1), date(2024, 12, 31))
    score = habit_strength(three_years, date(2024, 12, 31))
    assert 99.99 < score <= 100.0


# --- ratio ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inhale, exhale, share",
    [(30, 90, 25), (1, 2, 33), (2, 1, 67), (1, 1, 50), (1, 7, 13), (0, 5, 0), (5, 0, 100)],
)
def test_inhale_share_is_rounded_half_up(inhale, exhale, share):
    split = Split(inhale, exhale)
    assert split.inhale_percent == share
    assert split.exhale_percent == 100 - share


def test_empty_split_has_no_share():
    assert Split().inhale_percent is None and Split().exhale_percent is None


def test_kinds_fall_on_their_side():
    split = split_of(
        [
            ("reading", 10),
            ("lecture", 20),
            ("course", 5),
            ("coding", 40),
            ("experiment", 1),
            ("writing", 2),
            ("sharing", 3),
        ]
    )
    assert split == Split(inhale=35, exhale=46)


def test_minutes_split_per_iso_week_and_month():
    entries = [
        (date(2025, 1, 5), "reading", 30),  # Sunday: week of 30 Dec 2024, January
        (date(2025, 1, 6), "coding", 60),  # Monday: next week
        (date(2025, 1, 6), "reading", 20),  # two sessions on one day
        (date(2025, 2, 1), "writing", 15),
    ]
    assert split_by_week(entries) == {
        date(2024, 12, 30): Split(30, 0),
        date(2025, 1, 6): Split(20, 60),
        date(2025, 1, 27): Split(0, 15),
    }
    assert split_by_month(entries) == {
        date(2025, 1, 1): Split(50, 60),
        date(2025, 2, 1): Split(0, 15),
    }


def test_last_weeks_fill_empty_weeks_oldest_first():
    weeks = last_weeks({date(2025, 1, 6): Split(10, 30)}, today=date(2025, 1, 8), count=3)
    assert weeks == [
        (date(2024, 12, 23), Split()),
        (date(2024, 12, 30), Split()),
        (date(2025, 1, 6), Split(10, 30)),
    ]


@pytest.mark.parametrize(
    "split, expected",
    [
        (Split(60, 60), "Too much studying, not enough building"),
        (Split(36, 64), "Too much studying, not enough building"),
        (Split(35, 65), None),  # exactly 15 points off: still fine
        (Split(30, 90), None),
        (Split(5, 95), None),
        (Split(4, 96), "Plenty of building, not much studying"),
        (Split(0, 120), "Plenty of building, not much studying"),
        (Split(20, 20), None),  # too little practice to judge
        (Split(), None),
    ],
)
def test_nudge_when_a_week_drifts_far_from_the_target(split, expected):
    nudge = ratio_nudge(split, inhale_target_percent=20)
    if expected is None:
        assert nudge is None
    else:
        assert nudge.startswith(expected)
        assert f"{split.inhale_percent}% inhale against your 20% target" in nudge


@pytest.mark.parametrize(
    "part, total, expected",
    [(1, 8, 13), (3, 8, 38), (5, 8, 63), (1, 200, 1), (1, 201, 0), (0, 5, 0), (5, 5, 100)],
)
def test_shares_round_halves_up(part, total, expected):
    from fractions import Fraction

    from journal.habits import Split, share_percent

    exact = Fraction(100 * part, total)
    assert share_percent(part, total) == expected == int(exact + Fraction(1, 2))
    assert Split(part, total - part).inhale_percent == expected


def test_no_minutes_has_no_share():
    from journal.habits import share_percent

    assert share_percent(0, 0) is None


def test_twelve_weeks_add_up_to_one_split():
    from journal.habits import Split, total_split

    assert total_split([Split(10, 20), Split(), Split(5, 0)]) == Split(15, 20)
