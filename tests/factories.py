"""Factories every app's tests share. App-specific ones live in tests/<app>/factories.py."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from curriculum.models import Item, Roadmap, Stage

TEST_PASSWORD = "correct-horse-battery-staple"


class LearnerFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)
    timezone = "UTC"

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoadmapFactory(DjangoModelFactory):
    class Meta:
        model = Roadmap

    owner = factory.SubFactory(LearnerFactory)
    title = factory.Sequence(lambda n: f"Roadmap {n}")


class StageFactory(DjangoModelFactory):
    class Meta:
        model = Stage

    roadmap = factory.SubFactory(RoadmapFactory)
    title = factory.Sequence(lambda n: f"Stage {n}")
    position = factory.Sequence(lambda n: n)


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = Item

    stage = factory.SubFactory(StageFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    position = factory.Sequence(lambda n: n)
