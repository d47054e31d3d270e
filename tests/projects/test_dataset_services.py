"""Uploading, describing and deleting a learner's own data set: hostile uploads are refused
before anything is written, and deleting a data set keeps the runs trained on it."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from projects.models import UploadedDataset
from projects.services import check_columns, dataset_columns_set, dataset_delete, dataset_upload
from tests.projects.uploads import image_zip_bytes, png_bytes, table_csv_bytes
from tests.training_jobs.factories import SucceededJobFactory

pytestmark = pytest.mark.django_db


def upload(learner, content: bytes, filename: str, kind=None, name="My data"):
    return dataset_upload(
        learner=learner,
        name=name,
        upload=io.BytesIO(content),
        filename=filename,
        size=len(content),
        kind=kind,
    )


def media_listing() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_an_image_zip_is_extracted_as_class_folders_with_a_preview(owner):
    dataset = upload(owner, image_zip_bytes(extra={"dark/readme.txt": b"hi"}), "pets.zip")

    assert dataset.kind == "image-folders"
    assert dataset.preview["classes"] == {"dark": 6, "light": 6}
    assert dataset.preview["skipped"] == [["dark/readme.txt", "not an image file"]]
    assert sorted(p.name for p in dataset.folder.iterdir()) == ["dark", "light"]
    assert len(list((dataset.folder / "dark").glob("*.png"))) == 6
    assert dataset.is_ready


def test_a_latin1_csv_is_stored_as_utf8_and_the_note_kept(owner):
    dataset = upload(owner, table_csv_bytes(encoding="latin-1", delimiter=";"), "t.csv")

    stored = (dataset.folder / "data.csv").read_bytes().decode("utf-8")
    assert stored.splitlines()[0] == "city,size,colour,label"
    assert "Besançon" in stored
    assert dataset.preview["encoding"] == "cp1252"
    assert any("Not UTF-8" in note for note in dataset.preview["notes"])
    assert dataset.preview["column_types"]["size"] == "number"
    assert dataset.columns == {"target": "label"}


def test_a_text_csv_needs_its_text_and_label_columns(owner):
    dataset = upload(owner, table_csv_bytes(), "t.csv", kind="text")
    with pytest.raises(ValidationError, match="Choose the text column"):
        dataset_columns_set(learner=owner, dataset_id=dataset.pk, columns={})

    with pytest.raises(ValidationError) as refused:
        dataset_columns_set(
            learner=owner, dataset_id=dataset.pk, columns={"text": "city", "target": "city"}
        )
    assert "different column" in str(refused.value)


def test_choosing_a_column_that_does_not_exist_is_refused(owner):
    dataset = upload(owner, table_csv_bytes(), "t.csv")

    with pytest.raises(ValidationError, match="no column “nope”"):
        dataset_columns_set(learner=owner, dataset_id=dataset.pk, columns={"target": "nope"})

    changed = dataset_columns_set(
        learner=owner, dataset_id=dataset.pk, columns={"target": "colour"}
    )
    assert changed.columns == {"target": "colour"}


def test_check_columns_is_pure_and_names_every_missing_role():
    with pytest.raises(ValidationError) as refused:
        check_columns("ratings", ["u", "i", "r"], {"user": "u"})
    assert set(refused.value.message_dict) == {"item", "rating"}
    assert check_columns("ratings", ["u", "i", "r"], {"user": "u", "item": "i", "rating": "r"})


def zip_of(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("cats/zeros.png", "w", force_zip64=True) as member:
            chunk = bytes(16 * 1024**2)
            for _ in range(64):  # 1 GB of zeros
                member.write(chunk)
    return buffer.getvalue()


HOSTILE = {
    "zip slip": (
        lambda: zip_of({"cats/1.png": png_bytes(), "../../evil.png": png_bytes()}),
        "x.zip",
        "outside the zip",
    ),
    "absolute path": (lambda: zip_of({"/etc/evil.png": png_bytes()}), "x.zip", "absolute path"),
    "zip bomb": (zip_bomb, "x.zip", "zip bomb|Unpacked"),
    "100,000 tiny files": (
        lambda: zip_of({f"cats/{n}.png": b"x" for n in range(100_000)}),
        "x.zip",
        "100,000 entries",
    ),
    "renamed executable": (lambda: b"MZ\x90\x00\x03" + bytes(500), "x.zip", "program"),
    "renamed executable as csv": (lambda: b"\x7fELF\x02\x01" + bytes(500), "x.csv", "not a CSV"),
    "50 MB on one line": (lambda: b"a," * (25 * 1024**2), "x.csv", "limit is|one row per line"),
    "empty zip": (lambda: zip_of({}), "x.zip", "empty"),
    "one class": (
        lambda: zip_of({f"cats/{n}.png": png_bytes() for n in range(9)}),
        "x.zip",
        "at least 2",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_upload_is_refused_and_leaves_nothing_on_disk(owner, case):
    make, filename, message = HOSTILE[case]
    content = make()
    before = media_listing()

    with pytest.raises(ValidationError, match=message):
        upload(owner, content, filename)

    assert media_listing() == before
    assert not UploadedDataset.objects.exists()


def test_a_failure_while_writing_leaves_no_folder_behind(owner, monkeypatch):
    from projects import services

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "extract_image_zip", broken)
    Path(settings.MEDIA_ROOT).mkdir(parents=True)

    with pytest.raises(OSError):
        upload(owner, image_zip_bytes(), "x.zip")

    # Nothing stored, and the scratch copy in the process's own var dir is gone too.
    assert media_listing() == []
    assert list((Path(settings.VAR_DIR) / "work" / "uploads").iterdir()) == []
    assert not UploadedDataset.objects.exists()


def test_a_latin1_csv_upload_is_accepted(owner):
    assert upload(owner, table_csv_bytes(encoding="latin-1"), "x.csv").preview["row_count"] == 40


@pytest.mark.parametrize(
    "filename, kind, message",
    [
        ("x.csv", "image-folders", "zip"),
        ("x.zip", "table", "csv"),
        ("x.csv", "movies", "not a kind"),
    ],
)
def test_the_kind_must_fit_the_file(owner, filename, kind, message):
    with pytest.raises(ValidationError, match=message):
        upload(owner, table_csv_bytes(), filename, kind=kind)


def test_a_blank_name_is_refused(owner):
    with pytest.raises(ValidationError, match="name"):
        upload(owner, table_csv_bytes(), "x.csv", name="  ")


def test_deleting_a_data_set_keeps_its_runs_readable(owner, django_capture_on_commit_callbacks):
    dataset = upload(owner, image_zip_bytes(), "pets.zip", name="Pets")
    run = SucceededJobFactory(
        owner=owner,
        recipe_slug="image-classifier",
        dataset_slug=dataset.slug,
        dataset_title=dataset.name,
        uploaded_dataset=dataset,
    )
    folder = dataset.folder

    with django_capture_on_commit_callbacks(execute=True):
        dataset_delete(learner=owner, dataset_id=dataset.pk)

    run.refresh_from_db()
    assert run.uploaded_dataset is None
    assert run.dataset_name == "Pets"
    assert run.status == "succeeded"
    assert not folder.exists()


def test_nobody_else_can_change_or_delete_a_data_set(owner, stranger):
    dataset = upload(owner, table_csv_bytes(), "x.csv")

    with pytest.raises(UploadedDataset.DoesNotExist):
        dataset_columns_set(learner=stranger, dataset_id=dataset.pk, columns={"target": "city"})
    with pytest.raises(UploadedDataset.DoesNotExist):
        dataset_delete(learner=stranger, dataset_id=dataset.pk)
    assert os.path.isdir(dataset.folder)
