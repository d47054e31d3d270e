import factory

from tests.factories import LearnerFactory
from tracking.models import Experiment, LoggedMetric, LoggedRun


class ExperimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experiment

    learner = factory.SubFactory(LearnerFactory)
    name = factory.Sequence(lambda n: f"project {n}")


class LoggedRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoggedRun

    experiment = factory.SubFactory(ExperimentFactory)
    learner = factory.SelfAttribute("experiment.learner")
    name = factory.Sequence(lambda n: f"run {n}")
    status = "FINISHED"
    start_time = 1_764_000_000_000
    end_time = 1_764_000_000_000 + 25 * 60_000


def points(run, key, values):
    LoggedMetric.objects.bulk_create(
        LoggedMetric(run=run, key=key, value=v, timestamp=i, step=i) for i, v in enumerate(values)
    )
