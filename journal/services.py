"""Writes to the journal. The Today page, the API, the CSV import and `log_session` all call
these, so each rule (minutes within a day, no future sessions, own items only) lives here."""

import math
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from curriculum.models import Item, Visibility
from journal import habits, selectors, totals
from journal.csv_io import RowErrors, SessionRow
from journal.kinds import Kind
from journal.models import (
    DEFAULT_TIMER_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
    PAUSE_NOTE_MAX_CHARS,
    TIMER_ASKS_AFTER,
    FocusTimer,
    KindLabel,
    NotToDo,
    Pause,
    Reflection,
    StudySession,
    WeeklyReview,
)

# A little slack for clocks that run ahead of the server's.
FUTURE_SLACK = timedelta(minutes=5)
UNDO_SALT = "journal.session-undo"
UNDO_MAX_AGE = 60 * 60

MINUTES_MESSAGE = f"Log between {MIN_MINUTES} and {MAX_MINUTES} minutes: a session fits in one day."
FUTURE_MESSAGE = "That is in the future: log a session once it has happened."
TOO_OLD_MESSAGE = "That is before the year 2000: check the date."
ITEM_MESSAGE = "Pick one of your own roadmap items."
KIND_MESSAGE = "Pick one of the kinds: " + ", ".join(Kind.values) + "."


def _check_minutes(minutes, field: str = "minutes") -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        try:
            minutes = int(str(minutes).strip())
        except (TypeError, ValueError):
            raise ValidationError({field: MINUTES_MESSAGE}) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError({field: MINUTES_MESSAGE})
    return minutes


def _check_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise ValidationError({"kind": KIND_MESSAGE})
    return kind


def _check_item(learner, item: Item | int | None) -> Item | None:
    if item is None or item == "":
        return None
    item_id = item.pk if isinstance(item, Item) else item
    found = selectors.own_items(learner).filter(pk=item_id).first()
    if found is None:
        raise ValidationError({"item": ITEM_MESSAGE})
    return found


def _check_started_at(started_at: datetime, now: datetime) -> datetime:
    if timezone.is_naive(started_at):
        raise ValidationError({"started_at": "Give the start time with its time zone."})
    if started_at > now + FUTURE_SLACK:
        raise ValidationError({"started_at": FUTURE_MESSAGE})
    if started_at.year < 2000:
        raise ValidationError({"started_at": TOO_OLD_MESSAGE})
    return started_at


def _check_visibility(visibility: str) -> str:
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Choose private or public."})
    return visibility


def _set_visibility(obj, visibility: str, now: datetime | None = None) -> list[str]:
    """Publish or unpublish through the one rule (core.visibility.PublishingMixin)."""
    return obj.set_public(_check_visibility(visibility) == Visibility.PUBLIC, now=now)


PUBLISHABLE_ENTRIES = {"reflection": Reflection, "review": WeeklyReview, "session": StudySession}


@transaction.atomic
def entry_publish(*, learner, kind: str, pk: int, public: bool):
    """Make one of the learner's journal entries public or private. Another learner's entry,
    or one that does not exist, raises DoesNotExist (a 404 to views and the API)."""
    model = PUBLISHABLE_ENTRIES[kind]
    entry = model.objects.owned_by(learner).select_for_update().get(pk=pk)
    entry.save(update_fields=entry.set_public(public))
    return entry


# --- sessions ----------------------------------------------------------------------------


@transaction.atomic
def session_log(
    *,
    learner,
    minutes: int,
    kind: str,
    item: Item | int | None = None,
    note: str = "",
    started_at: datetime | None = None,
    visibility: str = Visibility.PRIVATE,
    now: datetime | None = None,
) -> StudySession:
    """Log a study session. Without a start time it is taken to have just ended."""
    now = now or timezone.now()
    minutes = _check_minutes(minutes)
    kind = _check_kind(kind)
    item = _check_item(learner, item)
    if started_at is None:
        started_at = now - timedelta(minutes=minutes)
    started_at = _check_started_at(started_at, now)
    session = StudySession(
        learner=learner,
        started_at=started_at,
        local_date=habits.local_date(started_at, selectors.learner_zone(learner)),
        minutes=minutes,
        kind=kind,
        item=item,
        note=note or "",
    )
    _set_visibility(session, visibility, now)
    session.full_clean(exclude=["learner", "item"])
    session.save()
    totals.sessions_changed(learner, added=[totals.entry_of(session)])
    return session


SESSION_FIELDS = ("minutes", "kind", "item", "note", "started_at", "visibility")


@transaction.atomic
def session_update(*, learner, session: StudySession, **changes) -> StudySession:
    """Change a session of the learner's; the local date follows the start time."""
    if session.learner_id != learner.pk:
        raise StudySession.DoesNotExist
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown session fields: {', '.join(sorted(unknown))}.")
    before = totals.stored_entry(session)
    now = timezone.now()
    if "minutes" in changes:
        session.minutes = _check_minutes(changes["minutes"])
    if "kind" in changes:
        session.kind = _check_kind(changes["kind"])
    if "item" in changes:
        session.item = _check_item(learner, changes["item"])
    if "note" in changes:
        session.note = changes["note"] or ""
    if "started_at" in changes:
        session.started_at = _check_started_at(changes["started_at"], now)
        session.local_date = habits.local_date(session.started_at, selectors.learner_zone(learner))
    if "visibility" in changes:
        _set_visibility(session, changes["visibility"], now)
    session.full_clean(exclude=["learner", "item"])
    session.save()
    totals.sessions_changed(learner, removed=[before], added=[totals.entry_of(session)])
    return session


def _undo_payload(session: StudySession) -> dict:
    return {
        "learner": session.learner_id,
        "started_at": session.started_at.isoformat(),
        "minutes": session.minutes,
        "kind": session.kind,
        "item": session.item_id,
        "note": session.note,
        "visibility": session.visibility,
    }


@transaction.atomic
def session_delete(*, learner, session: StudySession) -> str:
    """Delete a session and return a signed token that `session_restore` accepts for an
    hour: deleting is instant, and undo needs no trash table that every figure would have to
    filter out."""
    if session.learner_id != learner.pk:
        raise StudySession.DoesNotExist
    before = totals.stored_entry(session)
    token = signing.dumps(_undo_payload(session), salt=UNDO_SALT, compress=True)
    session.delete()
    totals.sessions_changed(learner, removed=[before])
    return token


@transaction.atomic
def session_restore(*, learner, token: str) -> StudySession:
    """Undo a delete: log the session again from the token `session_delete` returned."""
    try:
        payload = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError("That undo has expired; log the session again.") from None
    if payload.get("learner") != learner.pk:
        raise ValidationError("That undo has expired; log the session again.")
    started_at = datetime.fromisoformat(payload["started_at"])
    # Undo twice (a double click, a replayed form) restores once.
    already = StudySession.objects.filter(
        learner=learner, started_at=started_at, minutes=payload["minutes"], kind=payload["kind"]
    ).first()
    if already is not None:
        return already
    item_id = payload["item"]
    if item_id is not None and not selectors.own_items(learner).filter(pk=item_id).exists():
        item_id = None  # the item went away meanwhile; keep the session anyway
    return session_log(
        learner=learner,
        minutes=payload["minutes"],
        kind=payload["kind"],
        item=item_id,
        note=payload["note"],
        started_at=started_at,
        visibility=payload["visibility"],
    )


@transaction.atomic
def kind_label_set(*, learner, kind: str, label: str) -> KindLabel | None:
    """Rename a kind for this learner; an empty label restores the default name."""
    kind = _check_kind(kind)
    label = (label or "").strip()
    if len(label) > 40:
        raise ValidationError({"label": "Keep a kind's name under 40 characters."})
    if not label or label == Kind(kind).label:
        KindLabel.objects.filter(learner=learner, kind=kind).delete()
        return None
    entry, _ = KindLabel.objects.update_or_create(
        learner=learner, kind=kind, defaults={"label": label}
    )
    return entry


# --- focus timer -------------------------------------------------------------------------


@transaction.atomic
def timer_start(
    *,
    learner,
    kind: str = Kind.CODING,
    item: Item | int | None = None,
    planned_minutes: int = DEFAULT_TIMER_MINUTES,
    now: datetime | None = None,
) -> FocusTimer:
    """Start a deep-work block on the server. One runs at a time per learner."""
    kind = _check_kind(kind)
    item = _check_item(learner, item)
    planned_minutes = _check_minutes(planned_minutes, field="planned_minutes")
    running = ValidationError("A focus timer is already running: stop it first.")
    if FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).exists():
        raise running
    try:
        # The partial unique constraint settles two starts racing past the check above.
        with transaction.atomic():
            return FocusTimer.objects.create(
                learner=learner,
                started_at=now or timezone.now(),
                planned_minutes=planned_minutes,
                kind=kind,
                item=item,
            )
    except IntegrityError:
        raise running from None


@transaction.atomic
def timer_stop(
    *,
    learner,
    minutes: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> StudySession:
    """Stop the running timer and log its session. One conditional update claims the timer,
    so a double stop (two tabs, a double click) logs one session. A timer that ran past four
    hours was probably forgotten: then the learner must say how many minutes were real."""
    now = now or timezone.now()
    timer = FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).first()
    if timer is None:
        raise ValidationError("No focus timer is running.")
    elapsed = now - timer.started_at
    if minutes in (None, ""):
        if elapsed > TIMER_ASKS_AFTER:
            raise ValidationError(
                {
                    "minutes": "This timer ran for more than 4 hours. How many minutes "
                    "did you really study?"
                }
            )
        minutes = max(MIN_MINUTES, math.floor(elapsed.total_seconds() / 60 + 0.5))
    minutes = _check_minutes(minutes)
    claimed = FocusTimer.objects.filter(pk=timer.pk, stopped_at__isnull=True).update(stopped_at=now)
    if not claimed:
        raise ValidationError("This timer was already stopped.")
    session = session_log(
        learner=learner,
        minutes=minutes,
        kind=timer.kind,
        item=timer.item_id,
        note=note,
        started_at=timer.started_at,
        now=now,
    )
    FocusTimer.objects.filter(pk=timer.pk).update(session=session)
    return session


@transaction.atomic
def timer_discard(*, learner) -> None:
    """Throw away the running timer without logging anything."""
    if not FocusTimer.objects.filter(learner=learner, stopped_at__isnull=True).delete()[0]:
        raise ValidationError("No focus timer is running.")


# --- reflections, reviews, not-to-do -----------------------------------------------------


def _check_text(value: str, field: str, required: bool = False, limit: int = 20_000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: "Write something first."})
    if len(value) > limit:
        raise ValidationError({field: f"Keep it under {limit:,} characters."})
    return value


def _check_day(learner, day: date, field: str = "date") -> date:
    if not isinstance(day, date):
        raise ValidationError({field: "Give a date like 2025-01-31."})
    if day > selectors.learner_today(learner):
        raise ValidationError({field: "That day has not come yet."})
    if day.year < 2000:
        raise ValidationError({field: TOO_OLD_MESSAGE})
    return day


@transaction.atomic
def reflection_write(
    *, learner, day: date, body: str, visibility: str = Visibility.PRIVATE
) -> Reflection:
    """Write (or rewrite) the learner's note for a day."""
    day = _check_day(learner, day)
    body = _check_text(body, "body", required=True)
    _check_visibility(visibility)
    reflection = Reflection.objects.select_for_update().filter(learner=learner, date=day).first()
    if reflection is None:
        reflection = Reflection(learner=learner, date=day)
    reflection.body = body
    _set_visibility(reflection, visibility)
    reflection.save()
    return reflection


@transaction.atomic
def reflection_delete(*, learner, reflection: Reflection) -> None:
    if reflection.learner_id != learner.pk:
        raise Reflection.DoesNotExist
    reflection.delete()


REVIEW_TEXT_FIELDS = ("learned", "hardest", "resources", "results", "changes")


@transaction.atomic
def review_write(
    *,
    learner,
    week_start: date,
    visibility: str = Visibility.PRIVATE,
    on_track: bool | None = None,
    **answers: str,
) -> WeeklyReview:
    """Write the weekly review of an ISO week, refreshing its figures (minutes, ratio, items
    finished) from the journal as it stands now."""
    unknown = set(answers) - set(REVIEW_TEXT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown review fields: {', '.join(sorted(unknown))}.")
    week_start = _check_day(learner, week_start, field="week")
    if week_start.weekday() != 0:
        week_start = habits.week_start(week_start)
    cleaned = {name: _check_text(answers.get(name, ""), name) for name in REVIEW_TEXT_FIELDS}
    if not any(cleaned.values()) and on_track is None:
        raise ValidationError("Answer at least one of the prompts.")
    _check_visibility(visibility)
    review = (
        WeeklyReview.objects.select_for_update()
        .filter(learner=learner, week_start=week_start)
        .first()
    ) or WeeklyReview(learner=learner, week_start=week_start)
    for name, value in cleaned.items():
        setattr(review, name, value)
    review.on_track = on_track
    for name, value in selectors.week_figures(learner, week_start).items():
        setattr(review, name, value)
    _set_visibility(review, visibility)
    review.save()
    return review


@transaction.atomic
def review_delete(*, learner, review: WeeklyReview) -> None:
    if review.learner_id != learner.pk:
        raise WeeklyReview.DoesNotExist
    review.delete()


@transaction.atomic
def not_to_do_add(*, learner, text: str) -> NotToDo:
    """Add an entry to the learner's not-to-do list."""
    text = _check_text(text, "text", required=True, limit=200)
    if NotToDo.objects.filter(learner=learner, text__iexact=text, retired_at__isnull=True).exists():
        raise ValidationError({"text": "That is already on your not-to-do list."})
    return NotToDo.objects.create(learner=learner, text=text)


@transaction.atomic
def not_to_do_retire(*, learner, entry: NotToDo, retired: bool = True) -> NotToDo:
    """Retire an entry (it stays in the history with its dates), or bring it back."""
    if entry.learner_id != learner.pk:
        raise NotToDo.DoesNotExist
    entry.retired_at = timezone.now() if retired else None
    entry.save(update_fields=["retired_at"])
    return entry


@transaction.atomic
def not_to_do_delete(*, learner, entry: NotToDo) -> None:
    if entry.learner_id != learner.pk:
        raise NotToDo.DoesNotExist
    entry.delete()


# --- pauses (sick, on holiday) -------------------------------------------------------------

MAX_PAUSE_DAYS = 366
# A holiday can be planned ahead, but not years ahead.
PAUSE_PLAN_AHEAD = timedelta(days=366)


@transaction.atomic
def pause_add(*, learner, start: date, end: date, note: str = "") -> Pause:
    """Pause streaks and the habit score from `start` to `end` (local dates, both included):
    the learner is sick or on holiday. Pauses may be planned ahead; they may not overlap."""
    for field, day in (("start", start), ("end", end)):
        if not isinstance(day, date):
            raise ValidationError({field: "Give a date like 2025-01-31."})
        if day.year < 2000:
            raise ValidationError({field: TOO_OLD_MESSAGE})
    if end < start:
        raise ValidationError({"end": "The pause ends before it starts: check the dates."})
    if (end - start).days + 1 > MAX_PAUSE_DAYS:
        raise ValidationError({"end": f"Keep a pause under {MAX_PAUSE_DAYS} days."})
    if end > selectors.learner_today(learner) + PAUSE_PLAN_AHEAD:
        raise ValidationError({"end": "Plan a pause at most a year ahead."})
    note = _check_text(note, "note", limit=PAUSE_NOTE_MAX_CHARS)
    # Lock the learner's row so two overlapping pauses sent at once cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
    clash = Pause.objects.filter(learner=learner, start__lte=end, end__gte=start).first()
    if clash is not None:
        raise ValidationError(
            {"start": f"That overlaps your pause of {clash.start:%-d %b %Y}–{clash.end:%-d %b %Y}."}
        )
    pause = Pause.objects.create(learner=learner, start=start, end=end, note=note)
    totals.settings_changed(learner, ["pauses"])
    return pause


@transaction.atomic
def pause_delete(*, learner, pause: Pause) -> None:
    """Remove a pause: its days count as planned practice days again."""
    if pause.learner_id != learner.pk:
        raise Pause.DoesNotExist
    pause.delete()
    totals.settings_changed(learner, ["pauses"])


# --- CSV import --------------------------------------------------------------------------


@transaction.atomic
def sessions_import(*, learner, rows: list[SessionRow]) -> tuple[int, int]:
    """Log parsed CSV rows all at once, or none if one is wrong. Rows identical to a logged
    session (same start, minutes and kind) are skipped, so importing a file twice is harmless.
    Returns (created, duplicates)."""
    now = timezone.now()
    errors = RowErrors()
    for row in rows:
        try:
            _check_minutes(row.minutes)
            _check_kind(row.kind)
            _check_started_at(row.started_at, now)
            _check_visibility(row.visibility)
            _check_text(row.note, "note")
        except ValidationError as exc:
            errors.add(row.row_number, " ".join(exc.messages))
    errors.raise_if_any()
    if not rows:
        return 0, 0
    existing = set(
        StudySession.objects.filter(
            learner=learner,
            started_at__gte=min(r.started_at for r in rows),
            started_at__lte=max(r.started_at for r in rows),
        ).values_list("started_at", "minutes", "kind")
    )
    zone = selectors.learner_zone(learner)
    fresh = []
    for row in rows:
        key = (row.started_at, row.minutes, row.kind)
        if key in existing:
            continue
        existing.add(key)
        session = StudySession(
            learner=learner,
            started_at=row.started_at,
            local_date=habits.local_date(row.started_at, zone),
            minutes=row.minutes,
            kind=row.kind,
            note=row.note,
        )
        _set_visibility(session, row.visibility, now)
        fresh.append(session)
    StudySession.objects.bulk_create(fresh, batch_size=500)
    totals.sessions_changed(learner, added=[totals.entry_of(s) for s in fresh])
    return len(fresh), len(rows) - len(fresh)
