"""Factories for the journal's rows. Sessions are built through the model, not the service,
so tests can place them anywhere in time."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from journal.habits import local_date
from journal.models import NotToDo, Reflection, StudySession, WeeklyReview
from tests.factories import LearnerFactory


class StudySessionFactory(DjangoModelFactory):
    class Meta:
        model = StudySession

    learner = factory.SubFactory(LearnerFactory)
    started_at = factory.LazyFunction(lambda: datetime.now(UTC))
    local_date = factory.LazyAttribute(lambda o: local_date(o.started_at, o.learner.timezone))
    minutes = 30
    kind = "coding"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved like the services save: the learner's day totals follow."""
        from journal import totals

        session = super()._create(model_class, *args, **kwargs)
        totals.sessions_changed(session.learner, added=[totals.entry_of(session)])
        return session


def session_on(learner, day, minutes=30, kind="coding", hour=12, **extra) -> StudySession:
    """A session at `hour` o'clock on the learner's local `day`."""
    started = datetime.combine(day, time(hour), tzinfo=ZoneInfo(learner.timezone))
    return StudySessionFactory(
        learner=learner, started_at=started, minutes=minutes, kind=kind, **extra
    )


class ReflectionFactory(DjangoModelFactory):
    class Meta:
        model = Reflection

    learner = factory.SubFactory(LearnerFactory)
    date = factory.LazyFunction(lambda: datetime.now(UTC).date())
    body = "Today I *finally* understood broadcasting."


class WeeklyReviewFactory(DjangoModelFactory):
    class Meta:
        model = WeeklyReview

    learner = factory.SubFactory(LearnerFactory)
    week_start = factory.LazyFunction(
        lambda: (d := datetime.now(UTC).date()).fromordinal(d.toordinal() - d.weekday())
    )
    learned = "Learning rates matter."


class NotToDoFactory(DjangoModelFactory):
    class Meta:
        model = NotToDo

    learner = factory.SubFactory(LearnerFactory)
    text = "Start a new course before finishing this one"
