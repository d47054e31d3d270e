import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from journal.models import Reflection, WeeklyReview
from tests.factories import LearnerFactory
from tests.journal.factories import StudySessionFactory


class SessionFactory(StudySessionFactory):
    """A session on its UTC date; the day totals follow, as with the journal's factory."""

    started_at = factory.LazyFunction(timezone.now)
    local_date = factory.LazyAttribute(lambda o: o.started_at.date())
    minutes = 45
    kind = "coding"


class ReflectionFactory(DjangoModelFactory):
    class Meta:
        model = Reflection

    learner = factory.SubFactory(LearnerFactory)
    date = factory.Sequence(lambda n: timezone.now().date() - timezone.timedelta(days=n))
    body = "Today I learned about **learning rates**."


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = WeeklyReview

    learner = factory.SubFactory(LearnerFactory)
    week_start = factory.Sequence(
        lambda n: timezone.now().date() - timezone.timedelta(days=7 * n + timezone.now().weekday())
    )
    learned = "How a random forest splits."


def published(**kwargs):
    return {"visibility": "public", "published_at": timezone.now(), **kwargs}
