"""The learner's own calendar: their time zone, their today, a day's bounds in UTC."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import timezone

from journal import habits

if TYPE_CHECKING:
    from accounts.models import User


def learner_zone(learner: User) -> ZoneInfo:
    return ZoneInfo(learner.timezone or "UTC")


def learner_today(learner: User, now: datetime | None = None) -> date:
    return habits.local_date(now or timezone.now(), learner_zone(learner))


def local_day_bounds(learner: User, first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC instants where the learner's local `first` day starts and `last` day ends."""
    zone = learner_zone(learner)
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end
