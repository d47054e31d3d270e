"""Two tabs at once: concurrent logging loses nothing, and a timer stopped twice at the same
moment logs one session. Real threads, each with its own database connection."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal import services
from journal.models import FocusTimer, StudySession
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*actions, repeat: int = 1):
    """Start every action in its own thread behind a barrier; return what each raised."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def runner(action):
        try:
            barrier.wait()
            for _ in range(repeat):
                action()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_tabs_logging_at_once_lose_nothing():
    learner = LearnerFactory()
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(learner)

    def log_from(tab, minutes):
        def action():
            response = tab.post(
                reverse("journal:session_log"),
                {"minutes": str(minutes), "kind": "coding"},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200

        return action

    errors = run_together(log_from(tabs[0], 10), log_from(tabs[1], 20), repeat=8)

    assert errors == []
    assert StudySession.objects.filter(learner=learner, minutes=10).count() == 8
    assert StudySession.objects.filter(learner=learner, minutes=20).count() == 8


def test_two_stops_at_the_same_moment_log_one_session():
    learner = LearnerFactory()
    services.timer_start(learner=learner, now=timezone.now() - timedelta(minutes=30))

    errors = run_together(
        lambda: services.timer_stop(learner=learner),
        lambda: services.timer_stop(learner=learner),
    )

    assert StudySession.objects.filter(learner=learner).count() == 1
    assert len(errors) == 1, "the second stop is told the timer is gone"
    assert FocusTimer.objects.get().session is not None


def test_two_starts_at_the_same_moment_leave_one_running_timer():
    learner = LearnerFactory()

    errors = run_together(
        lambda: services.timer_start(learner=learner),
        lambda: services.timer_start(learner=learner),
    )

    assert FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).count() == 1
    assert len(errors) == 1
