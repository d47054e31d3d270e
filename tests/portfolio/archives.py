"""Hand-made account archives for the import tests: what an attacker would upload."""

import io
import json
import zipfile

from portfolio.archive import FORMAT, VERSION


def archive_bytes(profile=None, records=None, files=None, extra=None) -> bytes:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "profile": profile if profile is not None else {},
        "records": records or {},
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(payload))
        for name, content in (files or {}).items():
            zf.writestr(name, content)
    return buffer.getvalue()


ROADMAP = {
    "owner": {"learner": True},
    "title": "Imported plan",
    "slug": "",
    "description": "",
    "visibility": "private",
    "is_template": False,
    "copied_from": None,
    "origin_template": None,
}
RUN = {
    "owner": {"learner": True},
    "recipe_slug": "tabular-titanic",
    "dataset_slug": "titanic",
    "status": "succeeded",
    "params": {"epochs": 1},
    "artifacts": [{"name": "curve.png", "title": "Curve", "kind": "image"}],
}


def roadmap_row(pk=1, **fields):
    return {"pk": pk, **ROADMAP, **fields}


def job_row(pk=1, **fields):
    return {"pk": pk, **RUN, **fields}


def zip_bomb(member: str, unpacked_mb: int, profile=None, records=None) -> bytes:
    """An export whose member of zeros unpacks to unpacked_mb, streamed so the test stays
    small."""
    buffer = io.BytesIO()
    zero = bytes(1024**2)
    payload = {"format": FORMAT, "version": VERSION, "profile": profile or {}, "records": records}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(payload))
        with zf.open(member, "w", force_zip64=True) as out:
            for _ in range(unpacked_mb):
                out.write(zero)
    return buffer.getvalue()
