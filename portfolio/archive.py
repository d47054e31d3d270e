"""A learner's whole account as one zip, and back.

The archive is built by walking the models of Exhale's apps, not from a hand-kept list, so a
model added later is exported, imported and deleted with its owner automatically. A model
belongs to a learner when a chain of foreign keys leads from it to accounts.User.

Zip layout: data.json (every record an import can create, with its old primary key),
not-imported/<model>.jsonl (the records it cannot yet: logged runs and notebooks),
files/<media path> (every file a record points at), roadmaps/*.md and posts/*.md (readable
copies; import ignores them).
Importing is portfolio.archive_import's, into the signed-in learner's own account.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.db import models

from core import storage

FORMAT = "exhale-account"
VERSION = 1
# The apps whose models a learner can own (every one but config's and core's).
APPS_OWNED = "accounts curriculum journal projects training_jobs portfolio tracking"
PROJECT_APPS = tuple(APPS_OWNED.split())
# Credentials and throttling state are not the learner's data and must not travel.
NOT_EXPORTED = {"accounts.ApiToken"}


def user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


@dataclass(frozen=True)
class OwnedModel:
    model: type[models.Model]
    owner_path: str  # ORM lookup from the model to the learner, e.g. "stage__roadmap__owner"

    @property
    def label(self) -> str:
        return self.model._meta.label


def _owner_path(model, user) -> str | None:
    """Shortest chain of non-user foreign keys from model to the learner, preferring required
    ones. Follow-style models with several user keys use the first declared one."""
    queue = deque([(model, "", frozenset([model]))])
    while queue:
        current, path, seen = queue.popleft()
        fks = [f for f in current._meta.concrete_fields if isinstance(f, models.ForeignKey)]
        for fk in sorted(fks, key=lambda f: f.null):
            target = fk.related_model
            lookup = f"{path}__{fk.name}" if path else fk.name
            if target is user:
                return lookup
            if target not in seen and target._meta.app_label in PROJECT_APPS and not fk.null:
                queue.append((target, lookup, seen | {target}))
    return None


def owned_models() -> list[OwnedModel]:
    """Every project model a learner owns, parents before children."""
    user = user_model()
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model is user:
            continue
        if model._meta.label in NOT_EXPORTED:
            continue
        path = _owner_path(model, user)
        if path:
            found.append(OwnedModel(model, path))
    return _parents_first(found)


def _parents_first(owned: list[OwnedModel]) -> list[OwnedModel]:
    by_model = {o.model: o for o in owned}
    depends = {
        o.model: {
            f.related_model
            for f in o.model._meta.concrete_fields
            if isinstance(f, models.ForeignKey)
            and f.related_model in by_model
            and f.related_model is not o.model
        }
        for o in owned
    }
    ordered, done = [], set()
    while len(ordered) < len(owned):
        ready = [m for m in depends if m not in done and depends[m] <= done]
        if not ready:  # a cycle: keep declaration order for the rest
            ready = [m for m in depends if m not in done]
        for model in sorted(ready, key=lambda m: m._meta.label):
            ordered.append(by_model[model])
            done.add(model)
    return ordered


def owned_querysets(learner) -> list[tuple[OwnedModel, models.QuerySet]]:
    return [
        (owned, owned.model._default_manager.filter(**{owned.owner_path: learner}).order_by("pk"))
        for owned in owned_models()
    ]


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _record(obj, learner, exported_ids) -> dict:
    row = {"pk": obj.pk}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        if isinstance(f, models.ForeignKey):
            target_id = getattr(obj, f.attname)
            if target_id is None:
                row[f.name] = None
            elif f.related_model is user_model():
                row[f.name] = (
                    {"learner": True}
                    if target_id == learner.pk
                    else {"username": _username(target_id)}
                )
            elif target_id in exported_ids.get(f.related_model._meta.label, ()):
                row[f.name] = {"ref": target_id}
            else:
                row[f.name] = {"outside": _outside_reference(f.related_model, target_id)}
        elif isinstance(f, models.FileField):
            row[f.name] = getattr(obj, f.name).name or ""
        else:
            row[f.name] = _plain(f.value_from_object(obj))
    return row


def _username(user_id) -> str | None:
    return user_model().objects.filter(pk=user_id).values_list("username", flat=True).first()


def _outside_reference(model, pk):
    """Rows outside the learner's account (such as a starter template) travel by slug."""
    if any(f.name == "slug" for f in model._meta.concrete_fields):
        return {"slug": model._default_manager.filter(pk=pk).values_list("slug", flat=True).first()}
    return None


def _profile(learner) -> dict:
    """An allow-list: the public address, the e-mail and the profile form's fields. Password
    hashes, permissions and sign-in dates stay on the instance."""
    from accounts.services import PROFILE_FIELDS

    return {
        name: _plain(learner._meta.get_field(name).value_from_object(learner))
        for name in ("username", "email", *PROFILE_FIELDS)
    }


# Records of the models an import does not create yet (archive_rules.EXPORTED_NOT_IMPORTED):
# one JSON object a line in NOT_IMPORTED_FOLDER/<model label>.jsonl, written as they are read.
# Outside data.json, so that a learner's many logged metric points neither hold the export in
# memory nor push data.json past the import's record and size limits.
NOT_IMPORTED_FOLDER = "not-imported/"


def _referenced_labels(querysets) -> set[str]:
    """Owned models some owned model points at: only their ids are needed to tell a reference
    inside the export from one outside it."""
    return {
        f.related_model._meta.label
        for owned, _ in querysets
        for f in owned.model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
    }


def export_account(learner, readable_extras: dict[str, str] | None = None) -> bytes:
    """Every record and file of the learner as a zip (bytes)."""
    from portfolio.archive_rules import EXPORTED_NOT_IMPORTED

    querysets = owned_querysets(learner)
    referenced = _referenced_labels(querysets)
    exported_ids: dict[str, set] = defaultdict(set)
    for owned, qs in querysets:
        if owned.label in referenced:
            exported_ids[owned.label] = set(qs.values_list("pk", flat=True))
    records, files = {}, set()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for owned, qs in querysets:
            if owned.label in EXPORTED_NOT_IMPORTED:
                name = f"{NOT_IMPORTED_FOLDER}{owned.label}.jsonl"
                # Most of these rows (metric points) name no file: asked once, not per row.
                names_files = _file_fields(owned.model) or hasattr(owned.model, "archive_files")
                with archive.open(name, "w", force_zip64=True) as out:
                    for obj in qs.iterator(chunk_size=2000):
                        row = _record(obj, learner, exported_ids)
                        out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
                        if names_files:
                            files.update(_files_of(owned.model, [row]))
                continue
            rows = [_record(obj, learner, exported_ids) for obj in qs.iterator()]
            records[owned.label] = rows
            files.update(_files_of(owned.model, rows))
        payload = {
            "format": FORMAT,
            "version": VERSION,
            "profile": _profile(learner),
            "records": records,
        }
        archive.writestr("data.json", json.dumps(payload, indent=1, ensure_ascii=False))
        for relative in sorted(files):
            if storage.exists(relative):  # core.storage: MEDIA_ROOT or the bucket
                with storage.open_file(relative) as src, archive.open(
                    f"files/{relative}", "w"
                ) as out:
                    shutil.copyfileobj(src, out, 1024 * 1024)
        for name, text in (readable_extras or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _files_of(model, rows) -> set[str]:
    """The stored files the rows name: their file fields and their convention folders."""
    found = {row[f.name] for f in _file_fields(model) for row in rows if row[f.name]}
    return found | _extra_files(model, rows)


def _extra_files(model, rows) -> set[str]:
    """Folders of files a model keeps by convention (declared as `archive_folders(pk_row)`)."""
    hook = getattr(model, "archive_files", None)
    if hook is None:
        return set()
    found = set()
    for row in rows:
        for relative in hook(row):
            inside = set(storage.walk(relative))
            if inside:
                found.update(inside)
            elif storage.exists(relative):
                found.add(str(relative))
    return found


def account_files(learner) -> list[str]:
    """Every stored file and convention folder (core.storage names) the learner's records
    point at."""
    found: list[str] = []
    for owned, qs in owned_querysets(learner):
        file_fields = _file_fields(owned.model)
        hook = getattr(owned.model, "archive_files", None)
        if not file_fields and hook is None:
            continue
        for obj in qs:
            for f in file_fields:
                name = getattr(obj, f.name).name
                if name:
                    found.append(name)
            if hook is not None:
                found.extend(hook(_hook_row(obj)))
    return found


def _hook_row(obj) -> dict:
    """What an archive_files hook reads of a row: its primary key and its own columns (a
    logged run's folder is named by its uuid, not its id)."""
    row = {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}
    return {**row, "pk": obj.pk}
