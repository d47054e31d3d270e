import factory
from factory.django import DjangoModelFactory

from tests.factories import LearnerFactory
from training_jobs.models import EpochMetric, JobStatus, TrainingJob


class TrainingJobFactory(DjangoModelFactory):
    class Meta:
        model = TrainingJob
        skip_postgeneration_save = True

    owner = factory.SubFactory(LearnerFactory)
    recipe_slug = "tabular-titanic"
    recipe_title = "Tabular: Titanic survival"
    dataset_slug = "titanic"
    params = factory.LazyFunction(
        lambda: {
            "epochs": 2,
            "lr": 0.01,
            "batch_size": 64,
            "valid_share": 0.2,
            "seed": 42,
            "sample": 1.0,
        }
    )
    epochs_total = 2
    status = JobStatus.QUEUED
    send_count = 1


class SucceededJobFactory(TrainingJobFactory):
    status = JobStatus.SUCCEEDED
    epochs_done = 2
    device = "cpu"
    started_at = factory.Faker("date_time_this_month", tzinfo=__import__("datetime").UTC)
    finished_at = factory.LazyAttribute(lambda o: o.started_at)
    baselines = factory.LazyFunction(
        lambda: {"majority class": 0.68, "survival rate of the passenger's sex": 0.78}
    )
    metrics = factory.LazyFunction(lambda: {"accuracy": 0.83, "random_forest_accuracy": 0.84})

    @factory.post_generation
    def epochs(obj, create, extracted, **kwargs):
        if create:
            for n, (t, v, m) in enumerate([(0.6, 0.55, 0.70), (0.45, 0.41, 0.83)], start=1):
                EpochMetric.objects.create(job=obj, epoch=n, train_loss=t, valid_loss=v, metric=m)
