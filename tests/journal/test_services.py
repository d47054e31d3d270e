"""Logging sessions, the focus timer, reflections, reviews and the not-to-do list."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from curriculum.models import ItemStatus
from journal import services
from journal.models import FocusTimer, KindLabel, StudySession
from journal.selectors import kind_labels
from tests.factories import ItemFactory, LearnerFactory, RoadmapFactory, StageFactory
from tests.journal.factories import NotToDoFactory, session_on

pytestmark = pytest.mark.django_db


def own_item(learner, **extra):
    return ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=learner)), **extra)


def error_of(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


# --- sessions ----------------------------------------------------------------------------


def test_logged_session_ends_now_and_lands_on_the_learners_local_day():
    learner = LearnerFactory(timezone="Pacific/Auckland")
    now = datetime(2025, 1, 15, 11, 0, tzinfo=UTC)  # 00:00 on the 16th in Auckland (NZDT)

    session = services.session_log(learner=learner, minutes=45, kind="coding", now=now)

    assert session.started_at == now - timedelta(minutes=45)  # 23:15 on the 15th, local
    assert session.local_date == date(2025, 1, 15)
    assert session.visibility == "private" and session.published_at is None


def test_honolulu_session_at_2330_local_keeps_its_local_day():
    learner = LearnerFactory(timezone="Pacific/Honolulu")
    started = datetime(2025, 1, 16, 9, 30, tzinfo=UTC)

    session = services.session_log(
        learner=learner, minutes=30, kind="reading", started_at=started, now=started
    )

    assert session.local_date == date(2025, 1, 15)


@pytest.mark.parametrize("minutes", [0, -5, 1441, 1500, "abc", None, True])
def test_minutes_outside_one_day_are_refused(owner, minutes):
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(learner=owner, minutes=minutes, kind="coding")

    assert "between 1 and 1440 minutes" in error_of(excinfo, "minutes")
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("minutes", [1, 1440, "60"])
def test_minutes_within_a_day_are_accepted(owner, minutes):
    assert services.session_log(learner=owner, minutes=minutes, kind="coding").minutes == int(
        minutes
    )


def test_future_session_is_refused(owner):
    tomorrow = timezone.now() + timedelta(days=1)

    with pytest.raises(ValidationError) as excinfo:
        services.session_log(learner=owner, minutes=30, kind="coding", started_at=tomorrow)

    assert "in the future" in error_of(excinfo, "started_at")


def test_ancient_and_naive_start_times_are_refused(owner):
    with pytest.raises(ValidationError):
        services.session_log(
            learner=owner, minutes=30, kind="coding", started_at=datetime(1999, 1, 1, tzinfo=UTC)
        )
    with pytest.raises(ValidationError):
        services.session_log(
            learner=owner, minutes=30, kind="coding", started_at=datetime(2024, 1, 1)
        )


def test_unknown_kind_is_refused(owner):
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(learner=owner, minutes=30, kind="napping")

    assert "Pick one of the kinds" in error_of(excinfo, "kind")


def test_session_may_serve_own_item_but_not_a_strangers(owner, stranger):
    mine = own_item(owner)
    theirs = own_item(stranger)

    assert services.session_log(learner=owner, minutes=5, kind="course", item=mine).item == mine
    with pytest.raises(ValidationError) as excinfo:
        services.session_log(learner=owner, minutes=5, kind="course", item=theirs.pk)
    assert "your own roadmap items" in error_of(excinfo, "item")


def test_template_items_are_not_the_learners_own(owner):
    template_item = ItemFactory(stage=StageFactory(roadmap=RoadmapFactory(owner=None)))

    with pytest.raises(ValidationError):
        services.session_log(learner=owner, minutes=5, kind="course", item=template_item)


def test_publishing_stamps_published_at_once(owner):
    session = services.session_log(learner=owner, minutes=5, kind="writing", visibility="public")
    first = session.published_at
    assert first is not None

    services.session_update(learner=owner, session=session, note="edited")
    assert session.published_at == first
    # Made private it keeps its first publication time (docs/security/rules.md): only the
    # visibility says whether it shows.
    services.session_update(learner=owner, session=session, visibility="private")
    assert session.visibility == "private" and session.published_at == first


def test_editing_the_start_moves_the_local_day(owner):
    session = services.session_log(learner=owner, minutes=30, kind="coding")

    services.session_update(
        learner=owner, session=session, started_at=datetime(2025, 1, 6, 23, 30, tzinfo=UTC)
    )

    session.refresh_from_db()
    assert session.local_date == date(2025, 1, 6)


def test_editing_refuses_bad_values_and_strangers(owner, stranger):
    session = services.session_log(learner=owner, minutes=30, kind="coding")

    with pytest.raises(ValidationError):
        services.session_update(learner=owner, session=session, minutes=0)
    with pytest.raises(ValidationError):
        services.session_update(learner=owner, session=session, learner_id=stranger.pk)
    with pytest.raises(StudySession.DoesNotExist):
        services.session_update(learner=stranger, session=session, minutes=10)
    session.refresh_from_db()
    assert session.minutes == 30


def test_deleted_session_comes_back_with_undo(owner):
    item = own_item(owner)
    session = services.session_log(
        learner=owner, minutes=30, kind="reading", item=item, note="ch. 4"
    )

    token = services.session_delete(learner=owner, session=session)
    assert not StudySession.objects.exists()
    restored = services.session_restore(learner=owner, token=token)

    assert (restored.minutes, restored.kind, restored.item, restored.note) == (
        30,
        "reading",
        item,
        "ch. 4",
    )
    assert restored.started_at == session.started_at


def test_undo_token_is_the_learners_own_and_cannot_be_forged(owner, stranger):
    session = services.session_log(learner=owner, minutes=30, kind="reading")
    token = services.session_delete(learner=owner, session=session)

    with pytest.raises(ValidationError):
        services.session_restore(learner=stranger, token=token)
    with pytest.raises(ValidationError):
        services.session_restore(learner=owner, token=token[:-2] + "xx")
    assert not StudySession.objects.exists()


def test_renamed_kind_keeps_its_side(owner):
    services.kind_label_set(learner=owner, kind="experiment", label="Kaggle")

    assert kind_labels(owner)["experiment"] == "Kaggle"
    session = services.session_log(learner=owner, minutes=30, kind="experiment")
    assert session.side == "exhale"
    services.kind_label_set(learner=owner, kind="experiment", label="")
    assert not KindLabel.objects.exists()
    with pytest.raises(ValidationError):
        services.kind_label_set(learner=owner, kind="experiment", label="x" * 41)


# --- focus timer -------------------------------------------------------------------------


def test_stopping_the_timer_logs_the_elapsed_minutes(owner):
    item = own_item(owner, status=ItemStatus.IN_PROGRESS)
    start = timezone.now() - timedelta(minutes=50)
    services.timer_start(learner=owner, kind="experiment", item=item, now=start)

    session = services.timer_stop(learner=owner, now=start + timedelta(minutes=50, seconds=20))

    assert (session.minutes, session.kind, session.item) == (50, "experiment", item)
    assert session.started_at == start
    timer = FocusTimer.objects.get()
    assert timer.stopped_at is not None and timer.session == session


def test_one_timer_runs_at_a_time(owner):
    services.timer_start(learner=owner)

    with pytest.raises(ValidationError, match="already running"):
        services.timer_start(learner=owner)
    assert FocusTimer.objects.count() == 1


def test_stopping_twice_logs_one_session(owner):
    services.timer_start(learner=owner, now=timezone.now() - timedelta(minutes=10))

    services.timer_stop(learner=owner)
    with pytest.raises(ValidationError, match="No focus timer"):
        services.timer_stop(learner=owner)

    assert StudySession.objects.count() == 1


def test_the_conditional_update_refuses_a_stop_of_an_already_stopped_timer(owner, monkeypatch):
    """Two stops that both read the timer as running: only the first update claims it."""
    timer = services.timer_start(learner=owner, now=timezone.now() - timedelta(minutes=10))
    stale = FocusTimer.objects.get(pk=timer.pk)
    services.timer_stop(learner=owner)

    class StaleQuerySet:
        def first(self):
            return stale

    real_filter = FocusTimer.objects.filter

    def filter_returning_stale(*args, **kwargs):
        if kwargs == {"learner": owner, "stopped_at__isnull": True}:
            return StaleQuerySet()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(FocusTimer.objects, "filter", filter_returning_stale)
    with pytest.raises(ValidationError, match="already stopped"):
        services.timer_stop(learner=owner)
    assert StudySession.objects.count() == 1


def test_a_timer_past_four_hours_asks_for_the_real_minutes(owner):
    start = timezone.now() - timedelta(hours=5)
    services.timer_start(learner=owner, now=start)

    with pytest.raises(ValidationError) as excinfo:
        services.timer_stop(learner=owner)
    assert "How many minutes" in error_of(excinfo, "minutes")
    assert FocusTimer.objects.get().stopped_at is None, "still running until answered"

    session = services.timer_stop(learner=owner, minutes=95)
    assert session.minutes == 95


def test_a_short_timer_logs_at_least_a_minute_and_can_be_discarded_instead(owner):
    services.timer_start(learner=owner)
    assert services.timer_stop(learner=owner).minutes == 1

    services.timer_start(learner=owner)
    services.timer_discard(learner=owner)
    assert not FocusTimer.objects.filter(stopped_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.timer_discard(learner=owner)


def test_timer_refuses_bad_planned_minutes_and_strangers_items(owner, stranger):
    with pytest.raises(ValidationError):
        services.timer_start(learner=owner, planned_minutes=0)
    with pytest.raises(ValidationError):
        services.timer_start(learner=owner, item=own_item(stranger))


# --- reflections, reviews, not-to-do -------------------------------------------------------


def test_one_reflection_per_day_is_rewritten_in_place(owner):
    today = timezone.now().date()
    services.reflection_write(learner=owner, day=today, body="first")
    reflection = services.reflection_write(learner=owner, day=today, body="second")

    assert owner.reflections.get().body == "second" == reflection.body


def test_reflections_refuse_empty_text_and_future_days(owner):
    with pytest.raises(ValidationError):
        services.reflection_write(learner=owner, day=timezone.now().date(), body="   ")
    with pytest.raises(ValidationError):
        services.reflection_write(
            learner=owner, day=timezone.now().date() + timedelta(days=2), body="hi"
        )


def test_weekly_review_is_pre_filled_with_the_weeks_figures(owner):
    monday = date(2025, 1, 6)
    session_on(owner, monday, minutes=30, kind="reading")
    session_on(owner, date(2025, 1, 12), minutes=90, kind="coding")  # Sunday, same week
    session_on(owner, date(2025, 1, 13), minutes=500, kind="coding")  # next week
    finished = own_item(owner, status=ItemStatus.DONE)
    finished.finished_at = datetime(2025, 1, 8, 10, tzinfo=UTC)
    finished.save()

    review = services.review_write(
        learner=owner,
        week_start=date(2025, 1, 8),
        learned="Broadcasting",
        on_track=False,
        changes="Build before reading more",
    )

    assert review.week_start == monday and review.iso_week == "2025-W02"
    assert (review.total_minutes, review.inhale_minutes, review.exhale_minutes) == (120, 30, 90)
    assert review.inhale_percent == 25
    assert review.items_finished == 1


def test_empty_review_is_refused(owner):
    with pytest.raises(ValidationError, match="at least one"):
        services.review_write(learner=owner, week_start=date(2025, 1, 6))


def test_not_to_do_entries_are_added_once_and_retired_with_a_date(owner, stranger):
    entry = services.not_to_do_add(learner=owner, text="Buy another course")

    with pytest.raises(ValidationError, match="already"):
        services.not_to_do_add(learner=owner, text="buy another course")
    services.not_to_do_retire(learner=owner, entry=entry)
    assert entry.retired_at is not None and entry.added_at is not None
    with pytest.raises(type(entry).DoesNotExist):
        services.not_to_do_retire(learner=stranger, entry=NotToDoFactory(learner=owner))
