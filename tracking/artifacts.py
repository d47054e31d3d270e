"""MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts`): upload streamed to storage,
download, and listing. A path is `<experiment id>/<run id>/artifacts/<file>` as the client
builds it from a run's `artifact_uri`; it reaches only the caller's own run."""

from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse

from tracking import selectors, services
from tracking.errors import invalid, missing
from tracking.models import LoggedArtifact, LoggedRun
from tracking.rest import _answer, endpoint

# Served inline only when a browser cannot run them; everything else is an attachment.
INLINE_TYPES = {
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "application/json",
    "text/csv",
}


def _split(learner, path: str) -> tuple[LoggedRun, str]:
    parts = [p for p in (path or "").strip("/").split("/") if p]
    if len(parts) < 3 or parts[2] != "artifacts":
        raise invalid(
            f"Artifact paths look like <experiment id>/<run id>/artifacts/<file>; got {path!r}."
        )
    run = selectors.run_for(learner=learner, run_id=parts[1])
    if str(run.experiment_id) != parts[0]:
        raise missing(f"Run '{parts[1]}' not found in experiment {parts[0]}.")
    return run, "/".join(parts[3:])


def file_response(artifact: LoggedArtifact) -> FileResponse:
    content_type = artifact.content_type or mimetypes.guess_type(artifact.path)[0] or ""
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        default_storage.open(artifact.stored_name, "rb"),
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=posixpath.basename(artifact.path),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@endpoint("GET", "PUT")
def artifact(request, learner, path: str):
    run, relative = _split(learner, path)
    if request.method == "PUT":
        services.artifact_put(
            learner=learner,
            run_id=run.run_id,
            path=relative,
            stream=request,
            content_type=request.META.get("CONTENT_TYPE", ""),
        )
        return _answer({})
    found = run.artifacts.filter(path=relative).first()
    if found is None:
        raise missing(f"No artifact {relative!r} in run {run.run_id}.")
    return file_response(found)


@endpoint("GET")
def artifact_list(request, learner):
    path = request.GET.get("path", "")
    run, relative = _split(learner, path)
    prefix = f"{relative}/" if relative else ""
    exact = run.artifacts.filter(path=relative).first() if relative else None
    if exact is not None:
        return _answer(
            {
                "files": [
                    {
                        "path": posixpath.basename(exact.path),
                        "is_dir": False,
                        "file_size": exact.size,
                    }
                ]
            }
        )
    files: dict[str, dict] = {}
    for entry in run.artifacts.filter(path__startswith=prefix).only("path", "size"):
        head, _, rest = entry.path[len(prefix) :].partition("/")
        if rest:
            files.setdefault(head, {"path": head, "is_dir": True})
        else:
            files[head] = {"path": head, "is_dir": False, "file_size": entry.size}
    return _answer({"files": [files[k] for k in sorted(files)]})
