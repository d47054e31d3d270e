"""Study sessions: log, change, delete and undo, kind labels, and the CSV import."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from curriculum.models import Item, Visibility
from journal import habits, selectors, totals
from journal.csv_io import RowErrors, SessionRow
from journal.kinds import Kind
from journal.models import KindLabel, StudySession
from journal.services.common import (
    UNDO_MAX_AGE,
    UNDO_SALT,
    _check_item,
    _check_kind,
    _check_minutes,
    _check_started_at,
    _check_text,
    _check_visibility,
    _set_visibility,
)

if TYPE_CHECKING:
    from accounts.models import User


# --- sessions ----------------------------------------------------------------------------


@transaction.atomic
def session_log(
    *,
    learner: User,
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
def session_update(*, learner: User, session: StudySession, **changes) -> StudySession:
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
def session_delete(*, learner: User, session: StudySession) -> str:
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
def session_restore(*, learner: User, token: str) -> StudySession:
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
def kind_label_set(*, learner: User, kind: str, label: str) -> KindLabel | None:
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


# --- CSV import --------------------------------------------------------------------------


@transaction.atomic
def sessions_import(*, learner: User, rows: list[SessionRow]) -> tuple[int, int]:
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
