"""The data migration fills the day totals from the sessions logged before they existed."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_the_migration_sums_existing_sessions_into_day_totals():
    executor = MigrationExecutor(connection)
    before = [("journal", "0003_day_totals")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    StudySession = old.get_model("journal", "StudySession")
    learner = User.objects.create(username="before", email="b@example.com")
    other = User.objects.create(username="other", email="o@example.com")
    for who, day, minutes, kind in [
        (learner, date(2025, 1, 2), 30, "coding"),
        (learner, date(2025, 1, 2), 15, "coding"),
        (learner, date(2025, 1, 2), 20, "reading"),
        (learner, date(2025, 1, 3), 60, "coding"),
        (other, date(2025, 1, 2), 5, "coding"),
    ]:
        StudySession.objects.create(
            learner=who,
            started_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC),
            local_date=day,
            minutes=minutes,
            kind=kind,
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from journal.models import DayTotal

    rows = set(DayTotal.objects.values_list("learner__username", "day", "kind", "minutes"))
    assert rows == {
        ("before", date(2025, 1, 2), "coding", 45),
        ("before", date(2025, 1, 2), "reading", 20),
        ("before", date(2025, 1, 3), "coding", 60),
        ("other", date(2025, 1, 2), "coding", 5),
    }
