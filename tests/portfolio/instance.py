"""A small instance with every kind of public address, and private things beside them, for the
sitemap and the pages-at-two-sizes tests. Returns the public paths counted by hand."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import LearnerFactory, RoadmapFactory
from tests.portfolio.factories import ReflectionFactory, ReviewFactory, SessionFactory, published
from tests.tracking.factories import LoggedRunFactory
from tests.training_jobs.factories import SucceededJobFactory


def instance(learners: int, template=None) -> set[str]:
    """`learners` public learners, each with a public roadmap, a public and a private
    reflection, a public session note, a published run, a published logged run and a follow;
    one in four also has a public review. Beside them: a hidden and a deactivated learner with
    public things, which must appear nowhere."""
    template = template or RoadmapFactory(owner=None, is_template=True, slug="starter")
    public = {reverse("portfolio:discover")}
    previous = None
    for n in range(learners):
        learner = LearnerFactory(username=f"walker{n}")
        public.add(f"/u/{learner.username}/")
        RoadmapFactory(owner=learner, origin_template=template, visibility="public")
        post = ReflectionFactory(learner=learner, **published())
        public.add(f"/u/{learner.username}/posts/reflection-{post.pk}/")
        ReflectionFactory(learner=learner)  # private
        note = SessionFactory(learner=learner, note="Tuned the learning rate.", **published())
        public.add(f"/u/{learner.username}/posts/session-{note.pk}/")
        SessionFactory(learner=learner, note="a private note")
        if n % 4 == 0:
            review = ReviewFactory(learner=learner, **published())
            public.add(f"/u/{learner.username}/posts/review-{review.pk}/")
        run = SucceededJobFactory(owner=learner, published=True, published_at=note.started_at)
        public.add(f"/u/{learner.username}/runs/{run.pk}/")
        SucceededJobFactory(owner=learner)  # not published
        logged = LoggedRunFactory(experiment__learner=learner, published=True)
        public.add(f"/runs/{logged.run_uuid.hex}/")
        LoggedRunFactory(experiment=logged.experiment)  # not published
        if previous is not None:
            from portfolio.models import Follow

            Follow.objects.create(follower=learner, followed=previous)
        previous = learner
    for hidden in (
        LearnerFactory(username="hider", portfolio_hidden=True),
        LearnerFactory(username="leaver", is_active=False),
    ):
        RoadmapFactory(owner=hidden, origin_template=template, visibility="public")
        ReflectionFactory(learner=hidden, **published())
        SucceededJobFactory(owner=hidden, published=True)
    return public
