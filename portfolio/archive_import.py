"""Import an export_account() zip into the signed-in learner's own account.

Only the importer's account is ever written: the profile through the profile form's allow-list
(and the username, when asked, through the sign-up rule); every record is created new, owned
by the importer, its references resolved to rows this import created or to the public objects
archive_rules allows; each passes full_clean. Anything not used is reported. The caller runs
this in one transaction and removes the files listed in `written` when it fails."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils import timezone

from core import storage
from core.nul import contains_nul
from portfolio.archive import (
    FORMAT,
    NOT_IMPORTED_FOLDER,
    VERSION,
    OwnedModel,
    owned_models,
    user_model,
)
from portfolio.archive_rules import (
    DERIVED,
    PUBLIC_TARGETS,
    REVIEWED_FOR_IMPORT,
    apply_resolved_rules,
    apply_row_rules,
    rebuild_derived,
)
from portfolio.archive_values import (
    ImportReport,
    _date_automatic_fields,
    _import_profile,
    _is_id,
    _prefixed,
    _to_python,
    _validate_constraints,
)
from portfolio.archive_zip import DEFAULT_LIMITS, BoundedZip, ZipLimits, megabytes

if TYPE_CHECKING:
    from accounts.models import User


READABLE_FOLDERS = ("roadmaps/", "posts/")
# About 2.2 ms a record on a busy benchmark machine (bench/bench_account_import.py): this keeps
# one import inside a web worker's 30 s timeout. A year of daily practice is about 1,100.
MAX_RECORDS = 10_000


def import_account(
    learner: User,
    upload: BinaryIO,
    *,
    take_username: bool = False,
    written: list[str],
    limits: ZipLimits = DEFAULT_LIMITS,
) -> ImportReport:
    archive = BoundedZip(upload, limits)
    payload = _payload(archive, limits)
    report = ImportReport(learner=learner)
    for key in sorted(set(payload) - {"format", "version", "profile", "records"}):
        report.left_out.append(f"The export's {key!r} section: this Exhale does not know it.")
    _import_profile(learner, payload.get("profile") or {}, take_username, report)
    records = payload.get("records") or {}
    if not isinstance(records, dict):
        raise ValidationError("data.json in that zip has records Exhale can't read.")
    total = sum(len(rows) for rows in records.values() if isinstance(rows, list))
    if total > MAX_RECORDS:
        raise ValidationError(
            f"That export holds {total:,} records; one import takes at most {MAX_RECORDS:,}."
        )
    importer = _Records(learner, records, report)
    importer.run()
    rebuild_derived(learner)
    user_model().objects.filter(pk=learner.pk).update(portfolio_changed_at=timezone.now())
    used = _write_files(archive, importer, written)
    _report_unused_members(archive, used, report)
    return report


def _payload(archive: BoundedZip, limits: ZipLimits) -> dict:
    if "data.json" not in archive.members:
        raise ValidationError("That zip has no data.json: it is not an Exhale export.")
    raw = archive.read_bytes("data.json", limits.max_json_bytes)
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValidationError("data.json in that zip is not valid JSON.") from exc
    if contains_nul(payload):
        raise ValidationError(
            "data.json in that zip has a NUL character (\\u0000) in its text, which no "
            "Exhale export contains; nothing was imported."
        )
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValidationError("That zip is not an Exhale account export.")
    if payload.get("version") != VERSION:
        raise ValidationError(
            f"That export's version {payload.get('version')!r} is not one we read."
        )
    return payload


_SKIP = object()  # leave the record out (reported)
_LATER = object()  # a reference to a row of the same model: set once they all exist


class _Records:
    """Creates every record of the archive, parents before children."""

    def __init__(self, learner: User, records: dict, report: ImportReport):
        self.learner = learner
        self.records = records
        self.report = report
        self.known = {o.label: o for o in owned_models()}
        self.new_ids: dict[str, dict] = defaultdict(dict)
        self.allowed_files: dict[tuple[str, object], set[str] | None] = {}

    def run(self) -> None:
        for label, rows in self.records.items():
            if label not in self.known:
                n = len(rows) if isinstance(rows, list) else 0
                self.report.left_out.append(
                    f"{n} record(s) of a kind this Exhale has not: {label}."
                )
        for owned in self.known.values():
            rows = self.records.get(owned.label) or []
            if owned.label in DERIVED:
                if rows:
                    self.report.left_out.append(
                        f"The export's {DERIVED[owned.label]}: worked out again here from your "
                        "sessions."
                    )
                continue
            if rows and owned.label not in REVIEWED_FOR_IMPORT:
                self.report.left_out.append(
                    f"{len(rows)} {owned.model._meta.verbose_name_plural}: this Exhale can't "
                    "import them yet."
                )
                continue
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ValidationError(f"The {owned.label} records in that export are damaged.")
            created = sum(self._create(owned, row) for row in rows)
            self._fix_self_references(owned, rows)
            if created:
                plural = str(owned.model._meta.verbose_name_plural)
                self.report.counts[plural] = created
                self.report.singular[plural] = str(owned.model._meta.verbose_name)
            self._report_unknown_fields(owned, rows)

    def _create(self, owned: OwnedModel, row: dict) -> int:
        model = owned.model
        what = f"A {model._meta.verbose_name} in that export"
        if not _is_id(row.get("pk")):
            raise ValidationError(f"{what} has no id: the export is damaged.")
        row = dict(row)
        rules = apply_row_rules(owned.label, row)
        values, resolved = {}, []
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey):  # every one, so a missing owner is refused
                value = self._resolve(owned, f, row.get(f.name), what)
                if value is _SKIP:
                    return 0
                values[f.attname] = None if value is _LATER else value
                resolved.append(f.name)
            elif f.primary_key or f.name not in row:
                continue
            elif isinstance(f, models.FileField):
                raise ValidationError(
                    f"This Exhale can't import files of {model._meta.verbose_name}."
                )
            else:
                values[f.name] = _to_python(f, row[f.name])
        apply_resolved_rules(owned.label, values, self.new_ids)
        obj = model(**values)
        _date_automatic_fields(obj)
        try:
            # Foreign keys were resolved above to the importer, a row of this import or a
            # public target just looked up: their existence query would only repeat that.
            obj.full_clean(exclude=resolved, validate_unique=False, validate_constraints=False)
            obj.validate_unique()
            _validate_constraints(obj)
        except ValidationError as exc:
            raise ValidationError(_prefixed(f"{what} ({obj})", exc)) from exc
        # raw, as loaddata saves: the export's dates stay (auto_now fields are not touched)
        # and the portfolio's freshness stamp is bumped once, by the caller, not per row.
        try:
            obj.save_base(raw=True, force_insert=True)
        except IntegrityError as exc:  # a check constraint: the import is rolled back
            raise ValidationError(f"{what} breaks a rule of this Exhale: {exc}") from exc
        self.new_ids[owned.label][row["pk"]] = obj.pk
        self.allowed_files[(owned.label, row["pk"])] = rules.allowed_files
        self.report.left_out.extend(rules.notes)
        return 1

    def _resolve(self, owned: OwnedModel, f, value, what: str):
        """The id a foreign key may take, _SKIP to leave the record out, or a refusal."""
        target_label = f.related_model._meta.label
        public = PUBLIC_TARGETS.get((owned.label, f.name))
        if value is None:
            if f.related_model is user_model() and not public:
                raise ValidationError(
                    f"{what} belongs to nobody: an import only fills your account."
                )
            if not f.null:
                raise ValidationError(f"{what} lacks its {f.verbose_name}: refused.")
            return None
        if not isinstance(value, dict):
            raise ValidationError(f"{what} has a link Exhale can't read ({f.name}).")
        if f.related_model is user_model():
            if value.get("learner") is True and set(value) == {"learner"}:
                return self.learner.pk
            if public is None or "username" not in value:
                raise ValidationError(
                    f"{what} belongs to someone else ({value.get('username', '?')!r}): an "
                    "import only fills your own account."
                )
        if "ref" in value and set(value) == {"ref"} and _is_id(value["ref"]):
            if f.related_model is owned.model:
                return _LATER
            if value["ref"] not in self.new_ids[target_label]:
                raise ValidationError(
                    f"{what} points at a {f.related_model._meta.verbose_name} that is not in "
                    "the export: refused."
                )
            return self.new_ids[target_label][value["ref"]]
        if public is None:
            raise ValidationError(
                f"{what} points at something outside your account ({f.name}): an import only "
                "fills your own account."
            )
        key = (
            (value.get("outside") or {}).get(public.key)
            if "outside" in value
            else value.get(public.key)
        )
        if not isinstance(key, str):
            key = None
        target = public.queryset(self.learner).filter(**{public.key: key}).first() if key else None
        if target is not None:
            return target.pk
        name = f" {key!r}" if key else ""
        if f.null:
            self.report.left_out.append(
                f"{what} came from the {public.what}{name}, which this Exhale has not: that link "
                "was left out."
            )
            return None
        self.report.left_out.append(
            f"{what} names the {public.what}{name}, who has no public account here: left out."
        )
        return _SKIP

    def _fix_self_references(self, owned: OwnedModel, rows: list[dict]) -> None:
        ids = self.new_ids[owned.label]
        for f in owned.model._meta.concrete_fields:
            if not (isinstance(f, models.ForeignKey) and f.related_model is owned.model):
                continue
            for row in rows:
                value = row.get(f.name)
                if not isinstance(value, dict) or not _is_id(value.get("ref")):
                    continue
                if not _is_id(row.get("pk")) or row["pk"] not in ids:
                    continue
                if value["ref"] not in ids:
                    raise ValidationError(
                        f"A {owned.model._meta.verbose_name} in that export points at one that "
                        "is not in the export: refused."
                    )
                owned.model._default_manager.filter(pk=ids[row["pk"]]).update(
                    **{f.attname: ids[value["ref"]]}
                )

    def _report_unknown_fields(self, owned: OwnedModel, rows: list[dict]) -> None:
        names = {f.name for f in owned.model._meta.concrete_fields} | {"pk"}
        unknown = defaultdict(int)
        for row in rows:
            for key in set(row) - names:
                unknown[key] += 1
        for key, n in sorted(unknown.items()):
            self.report.left_out.append(
                f"The field {key!r} of {n} {owned.model._meta.verbose_name_plural}: this Exhale "
                "has no such field."
            )


def _write_files(archive: BoundedZip, importer: _Records, written: list[str]) -> set[str]:
    """Each created row's convention folders move from the old id's folder to the new one
    (stored through core.storage: MEDIA_ROOT or the bucket)."""
    used: set[str] = set()
    for owned in importer.known.values():
        hook = getattr(owned.model, "archive_files", None)
        if hook is None:
            continue
        for old_pk, new_pk in importer.new_ids[owned.label].items():
            allowed = importer.allowed_files[(owned.label, old_pk)]
            for old, new in zip(hook({"pk": old_pk}), hook({"pk": new_pk}), strict=True):
                prefix = f"files/{old.rstrip('/')}/"
                for member in archive.members:
                    if not member.startswith(prefix):
                        continue
                    rest = member[len(prefix) :]
                    if allowed is not None and rest not in allowed:
                        continue
                    try:
                        key = storage.key(new.rstrip("/"), rest)
                    except storage.UnsafeName:
                        raise ValidationError(
                            f"Refused: {member!r} would land outside its folder."
                        ) from None
                    archive.store_as(member, key, written)
                    used.add(member)
    return used


def _report_unused_members(archive: BoundedZip, used: set[str], report: ImportReport) -> None:
    unused = [m for m in archive.members if m != "data.json" and m not in used]
    readable = [m for m in unused if m.startswith(READABLE_FOLDERS)]
    if readable:
        report.left_out.append(
            f"{len(readable)} readable copies (roadmaps/, posts/): they are for people; the "
            "records above hold the same."
        )
    not_imported = [m for m in unused if m.startswith(NOT_IMPORTED_FOLDER)]
    if not_imported:
        report.left_out.append(
            f"Your logged runs and notebooks ({NOT_IMPORTED_FOLDER}, {len(not_imported)} "
            "file(s)): this Exhale can't import them yet; they stay in your zip."
        )
    others = [m for m in unused if m not in readable and m not in not_imported]
    if others:
        size = sum(archive.members[m].file_size for m in others)
        shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
        report.left_out.append(
            f"{len(others)} file(s) ({megabytes(size)}) that no imported record lists: {shown}"
        )
