"""A learner's whole account as one zip, and back.

The archive is built by walking the models of Exhale's apps, not from a hand-kept list, so a
model added later is exported, imported and deleted with its owner automatically. A model
belongs to a learner when a chain of foreign keys leads from it to accounts.User.

Zip layout: data.json (every record, with its old primary key), files/<media path> (every file
a record points at), roadmaps/*.md and posts/*.md (readable copies; import ignores them).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

FORMAT = "exhale-account"
VERSION = 1
PROJECT_APPS = ("accounts", "curriculum", "journal", "projects", "training_jobs", "portfolio")
# Credentials and throttling state are not the learner's data and must not travel.
NOT_EXPORTED = {"accounts.ApiToken"}
USER_FIELDS_NOT_EXPORTED = {"id", "last_login", "is_superuser", "is_staff", "groups"}
MAX_ARCHIVE_BYTES = 2 * 1024**3
MAX_MEMBERS = 200_000


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
    if isinstance(value, Decimal):
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
    return {
        f.name: _plain(f.value_from_object(learner))
        for f in learner._meta.concrete_fields
        if f.name not in USER_FIELDS_NOT_EXPORTED
    }


def export_account(learner, readable_extras: dict[str, str] | None = None) -> bytes:
    """Every record and file of the learner as a zip (bytes)."""
    exported_ids: dict[str, set] = defaultdict(set)
    querysets = owned_querysets(learner)
    for owned, qs in querysets:
        exported_ids[owned.label] = set(qs.values_list("pk", flat=True))
    records, files = {}, set()
    for owned, qs in querysets:
        rows = [_record(obj, learner, exported_ids) for obj in qs.iterator()]
        records[owned.label] = rows
        for f in _file_fields(owned.model):
            files.update(row[f.name] for row in rows if row[f.name])
        files.update(_extra_files(owned.model, rows))
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "profile": _profile(learner),
        "records": records,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, indent=1, ensure_ascii=False))
        for relative in sorted(files):
            source = Path(settings.MEDIA_ROOT) / relative
            if source.is_file():
                archive.write(source, f"files/{relative}")
        for name, text in (readable_extras or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _extra_files(model, rows) -> set[str]:
    """Folders of files a model keeps by convention (declared as `archive_folders(pk_row)`)."""
    hook = getattr(model, "archive_files", None)
    if hook is None:
        return set()
    found = set()
    for row in rows:
        for relative in hook(row):
            folder = Path(settings.MEDIA_ROOT) / relative
            if folder.is_dir():
                found.update(
                    str(p.relative_to(settings.MEDIA_ROOT))
                    for p in folder.rglob("*")
                    if p.is_file()
                )
            elif folder.is_file():
                found.add(str(relative))
    return found


@dataclass
class ImportReport:
    learner: object
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _read_archive(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ValidationError("That archive is larger than 2 GB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ValidationError("That is not an Exhale export: it is not a zip file.") from exc
    if len(members) > MAX_MEMBERS:
        raise ValidationError("That archive has too many files to be an Exhale export.")
    for member in members:
        parts = PurePosixPath(member.filename).parts
        if member.filename.startswith("/") or ".." in parts or "\\" in member.filename:
            raise ValidationError(f"Refusing an unsafe path in the archive: {member.filename!r}.")
    try:
        payload = json.loads(archive.read("data.json"))
    except KeyError as exc:
        raise ValidationError("That zip has no data.json: it is not an Exhale export.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError("data.json in that zip is not valid JSON.") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValidationError("That zip is not an Exhale account export.")
    if payload.get("version") != VERSION:
        raise ValidationError(f"Unsupported export version {payload.get('version')!r}.")
    return payload, archive


def import_account(data: bytes, *, password: str | None = None) -> ImportReport:
    """Recreate a learner and every record and file from export_account()'s zip. The caller
    wraps this in a transaction; files are written only after every row was accepted."""
    payload, archive = _read_archive(data)
    profile = dict(payload["profile"])
    User = user_model()
    if User.objects.filter(username=profile.get("username")).exists():
        raise ValidationError(
            f"A learner named {profile.get('username')!r} already exists on this instance."
        )
    learner = User(**{k: v for k, v in profile.items() if k in {f.name for f in User._meta.fields}})
    if password:
        learner.set_password(password)
    learner.save()
    report = ImportReport(learner=learner)
    new_ids: dict[str, dict] = defaultdict(dict)
    files_to_write: list[str] = []
    known = {o.label: o for o in owned_models()}
    for label, rows in payload.get("records", {}).items():
        if label not in known:
            report.warnings.append(f"Skipped {len(rows)} record(s) of unknown kind {label}.")
    for owned in known.values():
        rows = payload.get("records", {}).get(owned.label, [])
        created = 0
        for row in rows:
            obj = _build(owned.model, row, learner, new_ids, report)
            if obj is None:
                continue
            obj.save(force_insert=True)
            new_ids[owned.label][row["pk"]] = obj.pk
            created += 1
            for f in _file_fields(owned.model):
                if row.get(f.name):
                    files_to_write.append(row[f.name])
        _fix_self_references(owned.model, rows, new_ids[owned.label])
        report.counts[owned.label] = created
    _restore_extra_files(archive, known, payload, new_ids, files_to_write)
    for relative in files_to_write:
        _write_member(archive, relative)
    return report


def _build(model, row, learner, new_ids, report):
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name not in row:
            continue
        value = row[f.name]
        if isinstance(f, models.ForeignKey):
            value = _resolve_fk(f, value, learner, new_ids, model, row)
            if value is _MISSING:
                if not f.null:
                    report.warnings.append(
                        f"Skipped a {model._meta.verbose_name}: what it points at is not here."
                    )
                    return None
                value = None
            values[f.attname] = value
        elif isinstance(f, models.FileField):
            values[f.name] = value
        else:
            values[f.name] = f.to_python(value) if value is not None else None
    obj = model(**values)
    return obj


_MISSING = object()


def _resolve_fk(f, value, learner, new_ids, model, row):
    if value is None:
        return None
    if not isinstance(value, dict):
        return _MISSING
    if value.get("learner"):
        return learner.pk
    if "username" in value:
        other = user_model().objects.filter(username=value["username"]).first()
        return other.pk if other else _MISSING
    if "ref" in value:
        target = f.related_model._meta.label
        if f.related_model is model:
            return None  # self references are restored once every row of the model exists
        return new_ids[target].get(value["ref"], _MISSING)
    outside = value.get("outside") or {}
    if outside.get("slug"):
        target = f.related_model._default_manager.filter(slug=outside["slug"]).first()
        return target.pk if target else _MISSING
    return _MISSING


def _fix_self_references(model, rows, id_map):
    for f in model._meta.concrete_fields:
        if not (isinstance(f, models.ForeignKey) and f.related_model is model):
            continue
        for row in rows:
            value = row.get(f.name)
            if isinstance(value, dict) and "ref" in value and row["pk"] in id_map:
                target = id_map.get(value["ref"])
                if target:
                    model._default_manager.filter(pk=id_map[row["pk"]]).update(
                        **{f.attname: target}
                    )


def _restore_extra_files(archive, known, payload, new_ids, files_to_write):
    """Convention folders keyed by a row's id move to the new id's folder."""
    for owned in known.values():
        hook = getattr(owned.model, "archive_files", None)
        if hook is None:
            continue
        for row in payload.get("records", {}).get(owned.label, []):
            new_pk = new_ids[owned.label].get(row["pk"])
            if new_pk is None:
                continue
            new_row = {**row, "pk": new_pk}
            for old, new in zip(hook(row), hook(new_row), strict=True):
                prefix = f"files/{old}"
                for member in archive.namelist():
                    if member == prefix or member.startswith(prefix.rstrip("/") + "/"):
                        relative = new + member[len(prefix) :]
                        _write_member(archive, member[len("files/") :], relative)


def _write_member(archive, relative, target_relative=None):
    target = Path(settings.MEDIA_ROOT) / (target_relative or relative)
    media = Path(settings.MEDIA_ROOT).resolve()
    if media not in target.resolve().parents:
        raise ValidationError(f"Refusing to write outside the media folder: {relative!r}.")
    try:
        content = archive.read(f"files/{relative}")
    except KeyError:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def account_files(learner) -> list[Path]:
    """Every file and convention folder the learner's records point at."""
    found: list[Path] = []
    for owned, qs in owned_querysets(learner):
        file_fields = _file_fields(owned.model)
        hook = getattr(owned.model, "archive_files", None)
        if not file_fields and hook is None:
            continue
        for obj in qs:
            for f in file_fields:
                name = getattr(obj, f.name).name
                if name:
                    found.append(Path(settings.MEDIA_ROOT) / name)
            if hook is not None:
                found.extend(Path(settings.MEDIA_ROOT) / p for p in hook({"pk": obj.pk}))
    return found
