"""The learner's own data set is checked before anything is extracted: hostile uploads are
refused with a clear message."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from projects.upload_checks import check_csv, check_image_zip, extract_image_zip


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_STORED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def good_members(prefix=""):
    members = {}
    for label, colour in [("cats", (200, 0, 0)), ("dogs", (0, 0, 200))]:
        for n in range(6):
            members[f"{prefix}{label}/{n}.png"] = png_bytes(colour)
    return members


def check(buffer):
    return check_image_zip(buffer, len(buffer.getbuffer()))


def test_a_zip_of_class_folders_is_previewed_with_counts():
    preview = check(make_zip({**good_members(), "cats/notes.txt": b"hello"}))

    assert preview.classes == {"cats": 6, "dogs": 6}
    assert preview.skipped == [("cats/notes.txt", "not an image file")]


def test_a_single_wrapping_folder_is_looked_through():
    preview = check(make_zip(good_members(prefix="pets/")))

    assert preview.classes == {"cats": 6, "dogs": 6}


def test_extraction_writes_only_checked_images_under_the_target(tmp_path):
    buffer = make_zip({**good_members(), "dogs/fake.png": b"not really a png"})
    preview = check(buffer)

    extract_image_zip(buffer, preview, tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["cats", "dogs"]
    assert len(list((tmp_path / "dogs").iterdir())) == 6
    assert ("dogs/fake.png", "not a readable image") in preview.skipped


@pytest.mark.parametrize("name", ["../evil.png", "cats/../../evil.png", "/etc/cron.d/evil.png"])
def test_zip_slip_is_refused(name):
    with pytest.raises(ValidationError, match="outside the zip|absolute path"):
        check(make_zip({**good_members(), name: png_bytes()}))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("cats/zeros.png", "w", force_zip64=True) as member:
            chunk = bytes(16 * 1024**2)
            for _ in range(64):  # 1 GB of zeros
                member.write(chunk)
    buffer.seek(0)

    with pytest.raises(ValidationError, match="zip bomb|Unpacked"):
        check(buffer)


def test_a_hundred_thousand_tiny_files_are_refused():
    buffer = make_zip({f"cats/{n}.png": b"x" for n in range(100_000)})

    with pytest.raises(ValidationError, match="100,000 entries"):
        check(buffer)


def test_a_renamed_executable_is_refused():
    fake = io.BytesIO(b"MZ\x90\x00\x03" + bytes(200))

    with pytest.raises(ValidationError, match="program"):
        check(fake)


def test_an_empty_zip_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        check(make_zip({}))


def test_an_oversized_upload_is_refused_by_its_size():
    with pytest.raises(ValidationError, match="limited to"):
        check_image_zip(io.BytesIO(b""), 500 * 1024**2)


def test_one_class_is_not_enough():
    members = {f"cats/{n}.png": png_bytes() for n in range(10)}

    with pytest.raises(ValidationError, match="at least 2"):
        check(make_zip(members))


def test_a_class_with_too_few_images_is_named():
    members = {**good_members(), "birds/1.png": png_bytes()}

    with pytest.raises(ValidationError, match="fewer than 5 images: birds"):
        check(make_zip(members))


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    return "\n".join(delimiter.join(r) for r in rows).encode(encoding)


TITANIC_LIKE = [["name", "age", "sex", "survived"]] + [
    [f"P{n}", str(20 + n), "male" if n % 2 else "female", str(n % 2)] for n in range(30)
]


def test_csv_preview_detects_delimiter_columns_and_types():
    preview = check_csv(csv_bytes(TITANIC_LIKE, delimiter=";"))

    assert preview.delimiter == ";"
    assert preview.columns == ["name", "age", "sex", "survived"]
    assert preview.column_types["age"] == "number"
    assert preview.column_types["sex"] == "category"
    assert preview.row_count == 30 and len(preview.rows) == 10


def test_a_latin1_csv_is_read_and_the_learner_is_told():
    rows = [["ville", "note"]] + [["Besançon", str(n)] for n in range(12)]

    preview = check_csv(csv_bytes(rows, encoding="latin-1"))

    assert preview.encoding == "cp1252"
    assert preview.rows[0][0] == "Besançon"
    assert "Not UTF-8" in preview.notes[0]


def test_a_csv_of_50_mb_on_one_line_is_refused():
    with pytest.raises(ValidationError, match="the limit is|one row per line"):
        check_csv(b"a," * (25 * 1024**2))


def test_a_long_line_under_the_size_limit_is_refused_too():
    with pytest.raises(ValidationError, match="one row per line"):
        check_csv(b"a,b\n" + b"x" * (2 * 1024**2))


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "empty"),
        (b"\x7fELF\x02\x01\x01" + bytes(100), "not a CSV"),
        (b"PK\x03\x04 zipped", "not a CSV"),
        (b"col\x00umn,b\n1,2", "binary"),
        (b"only_one_column\n" + b"1\n" * 20, "fewer than two columns"),
        (b"a,a\n" + b"1,2\n" * 20, "distinct"),
        (b"a,b\n1,2\n", "at least 10"),
    ],
)
def test_bad_csvs_are_refused_with_a_reason(raw, message):
    with pytest.raises(ValidationError, match=message):
        check_csv(raw)
