"""What an account import may point at and set, beyond the importer's own new rows.

Every foreign key in an imported record must lead to the importer or to a row the same import
created, except the fields listed in PUBLIC_TARGETS, which may name a public object of this
instance (by slug or username). Row rules adjust or refuse values that would give a record
more reach than its owner has (a template, a queued run, a model file that runs code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.apps import apps
from django.core.exceptions import ValidationError

# The owned models whose fields were read for what an import may set: no trusted content (such
# as HTML rendered and sanitised once), no storage path, no id hidden in a string or JSON that
# the rules below do not rewrite. A model missing here is exported but not imported (reported);
# tests/portfolio/test_account_import_contents.py fails until a new one is reviewed and added.
REVIEWED_FOR_IMPORT = frozenset(
    {
        "curriculum.Roadmap",
        "curriculum.Stage",
        "curriculum.Item",
        "journal.KindLabel",
        "journal.NotToDo",
        "journal.Pause",
        "journal.Reflection",
        "journal.WeeklyReview",
        "journal.StudySession",
        "journal.FocusTimer",
        "portfolio.Follow",
        "projects.UploadedDataset",
        "training_jobs.TrainingJob",
        "training_jobs.EpochMetric",
    }
)


# Owned models an export carries (and deletion removes) but an import does not create yet, each
# with why: the import reports their records as left out. Moving one to REVIEWED_FOR_IMPORT
# needs the rules its reason names.
EXPORTED_NOT_IMPORTED = {
    "tracking.Experiment": "its runs cannot be imported yet",
    "tracking.LoggedRun": "its uuid names its artifact folder and must be made anew",
    "tracking.LoggedParam": "its run cannot be imported yet",
    "tracking.LoggedTag": "its run cannot be imported yet",
    "tracking.LoggedMetric": "its run cannot be imported yet",
    "tracking.LoggedArtifact": "it holds a storage path",
    "tracking.Notebook": "it holds rendered HTML, which must be rendered again from its source",
}


# Caches worked out from other records: never taken from an archive (they could disagree with
# the records they summarise), rebuilt from the imported records instead.
DERIVED = {
    "journal.DayTotal": "day totals",
    "journal.HabitCheckpoint": "habit checkpoint",
}


def rebuild_derived(learner) -> None:
    from journal.totals import rebuild

    rebuild(learner)


@dataclass(frozen=True)
class PublicTarget:
    key: str  # "slug" or "username": how the export names the object
    what: str  # learner words for the object, e.g. "starter template"
    queryset: Callable  # (learner) -> the public objects the field may point at


def _templates(learner):
    return apps.get_model("curriculum.Roadmap").objects.templates()


def _followable(learner):
    from core.visibility import public_learners

    return public_learners().exclude(pk=learner.pk)


PUBLIC_TARGETS: dict[tuple[str, str], PublicTarget] = {
    ("curriculum.Roadmap", "origin_template"): PublicTarget("slug", "starter template", _templates),
    ("curriculum.Roadmap", "copied_from"): PublicTarget("slug", "starter template", _templates),
    ("portfolio.Follow", "followed"): PublicTarget("username", "learner", _followable),
}


@dataclass
class RowRules:
    """What a rule decided for one row: notes for the learner and, for models that keep
    files in a folder, which file names of that folder may be written."""

    notes: list[str]
    allowed_files: set[str] | None = None  # None: every file of the row's folder


def _roadmap(row: dict) -> RowRules:
    if row.get("is_template"):
        raise ValidationError(
            f"The roadmap {row.get('title', '')!r} in that export is marked as a starter "
            "template. Only this Exhale's own templates are templates: refused."
        )
    return RowRules([])


MODEL_KINDS = {"model"}
RUN_FILES_ALWAYS = {"run.log"}


def _training_job(row: dict) -> RowRules:
    notes = []
    from training_jobs.models import FINAL_STATUSES

    if row.get("status") not in FINAL_STATUSES:
        row["status"] = "cancelled"
        row["error"] = "Stopped when the account moved to this Exhale; run it again here."
        row["cancel_requested"] = False
        notes.append(
            f"The run {row.get('recipe_title') or row.get('recipe_slug')!r} had not finished: "
            "it is imported as cancelled, so this Exhale never runs it unasked."
        )
    artifacts = row.get("artifacts") or []
    if not isinstance(artifacts, list) or not all(isinstance(a, dict) for a in artifacts):
        raise ValidationError("A run in that export lists its files in a form Exhale can't read.")
    kept = []
    for artifact in artifacts:
        name = str(artifact.get("name", ""))
        if PurePosixPath(name).name != name or name in {"", ".", ".."}:
            raise ValidationError(f"A run in that export names an unsafe file, {name!r}: refused.")
        if artifact.get("kind") in MODEL_KINDS:
            notes.append(
                f"The trained model {name!r} of the run "
                f"{row.get('recipe_title') or row.get('recipe_slug')!r} was left out: a model "
                "file can run code on the server, so Exhale only uses models it trained "
                "itself. Run the recipe again here to try its demo."
            )
            continue
        kept.append(artifact)
    row["artifacts"] = kept
    return RowRules(notes, {a["name"] for a in kept} | RUN_FILES_ALWAYS)


ROW_RULES: dict[str, Callable[[dict], RowRules]] = {
    "curriculum.Roadmap": _roadmap,
    "training_jobs.TrainingJob": _training_job,
}


def apply_row_rules(label: str, row: dict) -> RowRules:
    rule = ROW_RULES.get(label)
    return rule(row) if rule else RowRules([])


UPLOAD_PREFIX = "upload:"


def _rebase_upload_slug(values: dict, new_ids: dict) -> None:
    """A run names its uploaded data set as "upload:<id>": the id of this instance's copy, or
    none (a retry then asks for a data set) when the data set did not travel."""
    slug = str(values.get("dataset_slug") or "")
    if not slug.startswith(UPLOAD_PREFIX):
        return
    old = slug[len(UPLOAD_PREFIX) :]
    datasets = new_ids.get("projects.UploadedDataset", {})
    new = datasets.get(int(old)) if old.isdigit() else None
    values["dataset_slug"] = f"{UPLOAD_PREFIX}{new or ''}"


# After references are resolved: values that embed an id of the old instance.
RESOLVED_RULES = {"training_jobs.TrainingJob": _rebase_upload_slug}


def apply_resolved_rules(label: str, values: dict, new_ids: dict) -> None:
    rule = RESOLVED_RULES.get(label)
    if rule:
        rule(values, new_ids)
