""" "Try it" demos of succeeded runs: check the input, send the prediction to a worker on the
`default` queue, and read its answer back.

Celery keeps no results in this project, so the request and the answer travel through the
cache (shared by web and workers: a file cache on one machine, Redis beside PostgreSQL) under
an unguessable token; the page polls for the answer with htmx. The web process never imports
torch: the worker calls training_jobs.inference.predict_for_job, which keeps models loaded.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import math
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from core import storage
from core.throttle import over_limit
from projects.upload_checks import image_kind

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 5 * 1024**2
MAX_TEXT_CHARS = 5000
MAX_FIELD_CHARS = 200
MAX_RECOMMENDATIONS = 50
RATE_PER_MINUTE = 10
KEEP_SECONDS = 600

# Which demo form fits which recipe.
DEMO_KINDS = {
    "image-classifier": "image",
    "tabular-titanic": "titanic",
    "tabular-csv": "table",
    "text-classifier": "text",
    "collab-movielens": "ratings",
}
TITANIC_CHOICES = {"PClass": ["1st", "2nd", "3rd"], "Sex": ["female", "male"]}
FEATURES_FILE = "features.json"


def demo_kind(recipe_slug: str) -> str | None:
    return DEMO_KINDS.get(recipe_slug)


@dataclass(frozen=True)
class TableFields:
    """The columns a tabular model reads: categories with their known values, and numbers."""

    categorical: dict[str, list[str]]
    continuous: list[str]


def table_fields(job) -> TableFields | None:
    """What the tabular-csv recipe recorded about its columns (features.json), if anything."""
    if job.artifact(FEATURES_FILE) is None:
        return None
    try:
        spec = json.loads(storage.read_bytes(job.file_key(FEATURES_FILE)))
    except (OSError, ValueError):
        return None
    return TableFields(
        categorical={str(k): [str(v) for v in vs] for k, vs in spec.get("categorical", {}).items()},
        continuous=[str(c) for c in spec.get("continuous", [])],
    )


def _number(name: str, raw: Any, *, required: bool = False) -> float | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        if required:
            raise ValidationError({name: f"{name} is needed."})
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValidationError({name: f"{name} must be a number."}) from None
    if not math.isfinite(value):
        raise ValidationError({name: f"{name} must be a finite number."})
    return value


def _short_text(name: str, raw: Any) -> str:
    text = str(raw if raw is not None else "").strip()
    if len(text) > MAX_FIELD_CHARS:
        raise ValidationError({name: f"Keep {name} under {MAX_FIELD_CHARS} characters."})
    return text


def check_image(raw: bytes) -> bytes:
    """Really an image, and at most 5 MB."""
    if len(raw) > MAX_IMAGE_BYTES:
        raise ValidationError(
            {"image": f"That image is {len(raw) / 1024**2:.1f} MB; the limit is 5 MB."}
        )
    if not raw:
        raise ValidationError({"image": "Choose an image to classify."})
    if image_kind(raw[:16]) is None:
        raise ValidationError({"image": "That file is not a PNG, JPEG, GIF, BMP or WebP image."})
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"image": "That image is damaged and cannot be read."}) from None
    return raw


def clean_input(
    kind: str, data: dict, image: bytes | None = None, fields: TableFields | None = None
) -> dict:
    """The demo input of one recipe kind, checked and made JSON-safe. Pure: the page and the
    API call it, so both show the same messages."""
    if kind == "image":
        return {"image_b64": base64.b64encode(check_image(image or b"")).decode("ascii")}
    if kind == "text":
        text = str(data.get("text") or "").strip()
        if not text:
            raise ValidationError({"text": "Type a text to classify."})
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationError(
                {
                    "text": f"Keep the text under {MAX_TEXT_CHARS:,} characters; "
                    f"this one has {len(text):,}."
                }
            )
        return {"text": text}
    if kind == "ratings":
        user = _short_text("user", data.get("user"))
        if not user:
            raise ValidationError({"user": "Pick a user id."})
        count = _number("count", data.get("count") or 10)
        if count is None or not count.is_integer() or not 1 <= count <= MAX_RECOMMENDATIONS:
            raise ValidationError(
                {"count": f"Ask for between 1 and {MAX_RECOMMENDATIONS} recommendations."}
            )
        return {"user": user, "count": int(count)}
    if kind == "titanic":
        row: dict[str, Any] = {}
        for name, choices in TITANIC_CHOICES.items():
            value = _short_text(name, data.get(name))
            if value not in choices:
                raise ValidationError({name: f"Choose one of: {', '.join(choices)}."})
            row[name] = value
        row["Name"] = _short_text("Name", data.get("Name"))
        age = _number("Age", data.get("Age"))
        if age is not None and not 0 <= age <= 120:
            raise ValidationError({"Age": "Age must be between 0 and 120."})
        row["Age"] = age
        return row
    if kind == "table":
        if fields is None:
            raise ValidationError("This run did not record its columns; run it again to try it.")
        row = {name: _short_text(name, data.get(name)) for name in fields.categorical}
        for name in fields.continuous:
            row[name] = _number(name, data.get(name))
        return row
    raise ValidationError("This project has no demo to try.")


def worker_payload(kind: str, stored: dict) -> Any:
    """What the recipe's predict() receives, rebuilt in the worker from the stored input."""
    if kind == "image":
        return {"image": base64.b64decode(stored["image_b64"])}
    return stored


# --- the request, the task and the answer ---------------------------------------------------


def _input_key(token: str) -> str:
    return f"demo:input:{token}"


def _result_key(token: str) -> str:
    return f"demo:result:{token}"


TOO_MANY_TRIES = "Too many tries from your address: wait a minute."


class DemoRefused(Exception):
    """Why a demo input was not sent to a worker, with the HTTP status that says so: 404 (no
    demo on this run), 400 (the input, per field; "__all__" for the form) or 429 (too many
    tries). The page and the API both answer with `status`; nothing reads the wording."""

    def __init__(self, messages: dict[str, list[str]], *, status: int):
        super().__init__(" ".join(m for ms in messages.values() for m in ms))
        self.messages = messages
        self.status = status


@dataclass(frozen=True)
class DemoRequest:
    kind: str
    payload: dict


def demo_gate(*, job, viewer, address: str, data, image: bytes | None) -> DemoRequest:
    """Check one demo try: the run has a demo, the input is sound, and a visitor (not the
    owner) is within RATE_PER_MINUTE tries from `address`. Raises DemoRefused."""
    kind = demo_kind(job.recipe_slug)
    if kind is None or job.status != "succeeded" or job.model_file is None:
        raise DemoRefused({"__all__": ["This run has no demo."]}, status=404)
    fields = table_fields(job) if kind == "table" else None
    try:
        payload = clean_input(kind, data, image, fields)
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise DemoRefused(messages, status=400) from None
    is_owner = viewer.is_authenticated and job.owner_id == viewer.pk
    if not is_owner and rate_limited(address):
        raise DemoRefused({"__all__": [TOO_MANY_TRIES]}, status=429)
    return DemoRequest(kind=kind, payload=payload)


def rate_limited(ip: str, *, limit: int = RATE_PER_MINUTE) -> bool:
    """Count one demo request from this address; true once it passed `limit` this minute."""
    return over_limit("demo", ip, limit=limit, window_seconds=60)


def prediction_request(*, job, kind: str, payload: dict) -> str:
    """Store the checked input and send the prediction to a worker after the transaction
    commits; return the token the page and the API poll with."""
    token = secrets.token_urlsafe(18)
    cache.set(_input_key(token), {"job": job.pk, "kind": kind, "input": payload}, KEEP_SECONDS)

    def send() -> None:
        from training_jobs.tasks import predict

        predict.delay(token)

    transaction.on_commit(send)
    return token


def prediction_result(*, job, token: str) -> dict:
    """{"status": "pending" | "done" | "failed" | "expired", "result"?, "error"?} for that
    job's prediction; a token of another job reads as expired."""
    answer = cache.get(_result_key(token))
    if answer is not None:
        if answer.get("job") != job.pk:
            return {"status": "expired"}
        return {k: v for k, v in answer.items() if k != "job"}
    pending = cache.get(_input_key(token))
    if pending is not None and pending.get("job") == job.pk:
        return {"status": "pending"}
    return {"status": "expired"}


def prediction_run(token: str) -> str:
    """Worker side: answer one stored request once (a second delivery finds the answer)."""
    if cache.get(_result_key(token)) is not None:
        return "skipped"
    stored = cache.get(_input_key(token))
    if stored is None:
        return "expired"
    from training_jobs.inference import predict_for_job

    answer: dict[str, Any] = {"job": stored["job"]}
    try:
        result = predict_for_job(stored["job"], worker_payload(stored["kind"], stored["input"]))
    except ValidationError as exc:
        answer.update(status="failed", error=" ".join(exc.messages))
    except Exception:
        logger.exception("demo prediction %s failed", token)
        answer.update(status="failed", error="The model could not answer this input.")
    else:
        answer.update(status="done", result=_plain(result))
    cache.set(_result_key(token), answer, KEEP_SECONDS)
    cache.delete(_input_key(token))
    return answer["status"]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value
