"""An executed Jupyter notebook turned into safe HTML for a post.

nbconvert renders it (code highlighted, text outputs, tables, Markdown); images from outputs
are taken out as files and served by Exhale under its CSP; then every tag and attribute goes
through nh3's allow-list, so a script, an event handler, an iframe, a style or a widget in
the notebook never reaches a visitor's browser. Plain functions: bytes in, HTML and images out.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
import warnings
from dataclasses import dataclass, field

import nh3

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_CELLS = 2000
MAX_IMAGES = 200
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
WIDGET_TYPES = (
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.jupyter.widget-state+json",
)
IMAGE_PLACEHOLDER = "exhale-notebook-image/"

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "ol", "p", "pre", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}


class NotebookError(ValueError):
    """A learner's file that cannot become a post; the message says why, in their words."""


@dataclass
class RenderedNotebook:
    html: str
    images: dict[str, bytes] = field(default_factory=dict)
    cells: int = 0
    dropped: list[str] = field(default_factory=list)
    summary: str = ""


def read_notebook(raw: bytes):
    import nbformat

    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise NotebookError(
            f"The notebook is {len(raw) / 1e6:.1f} MB; notebooks up to "
            f"{MAX_NOTEBOOK_BYTES // 1024 // 1024} MB can be posted. Clear large outputs "
            "(Edit → Clear outputs of a cell) and save it again."
        )
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise NotebookError(
            "This file is not a Jupyter notebook: save it from Jupyter, Colab or Kaggle as .ipynb."
        ) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
    except Exception:  # nbformat raises many kinds for a malformed file
        raise NotebookError(
            "This file is JSON but not a Jupyter notebook (no cells in nbformat 4)."
        ) from None
    if not isinstance(notebook.get("cells"), list):
        raise NotebookError("This file is JSON but not a Jupyter notebook (no cells).")
    if len(notebook.cells) > MAX_CELLS:
        raise NotebookError(
            f"The notebook has {len(notebook.cells):,} cells; at most {MAX_CELLS:,}."
        )
    return notebook


def _take_images(notebook) -> tuple[dict[str, bytes], list[str]]:
    """Move output images into files; drop widgets and JavaScript outputs, noting each."""
    images: dict[str, bytes] = {}
    dropped: list[str] = []
    notebook.metadata.pop("widgets", None)
    for index, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict):
                continue
            for kind in WIDGET_TYPES:
                if data.pop(kind, None) is not None:
                    dropped.append(
                        f"cell {index}: an interactive widget (widgets do not run in a post)"
                    )
            if data.pop("application/javascript", None) is not None:
                dropped.append(f"cell {index}: a JavaScript output")
            for mime, ext in IMAGE_TYPES.items():
                encoded = data.get(mime)
                if encoded is None:
                    continue
                try:
                    blob = base64.b64decode(
                        "".join(encoded) if isinstance(encoded, list) else encoded
                    )
                except (binascii.Error, TypeError, ValueError):
                    dropped.append(f"cell {index}: an image that is not valid base64")
                    del data[mime]
                    continue
                if len(blob) > MAX_IMAGE_BYTES or len(images) >= MAX_IMAGES:
                    dropped.append(f"cell {index}: an image over the size or count limit")
                    del data[mime]
                    continue
                name = f"image-{len(images) + 1}.{ext}"
                images[name] = blob
                # Rendered as Markdown so nbconvert emits a plain <img> we can point at our URL.
                data.pop(mime)
                data["text/markdown"] = f"![output of cell {index}]({IMAGE_PLACEHOLDER}{name})"
                for other in ("text/plain", "text/html", "image/svg+xml"):
                    data.pop(other, None)
                break
    return images, dropped


def render_notebook(raw: bytes, image_url) -> RenderedNotebook:
    """`image_url(name)` gives the address an extracted image is served from."""
    from nbconvert import HTMLExporter

    notebook = read_notebook(raw)
    images, dropped = _take_images(notebook)
    exporter = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            body, _ = exporter.from_notebook_node(notebook)
        except Exception as exc:  # a malformed cell deep inside: say so, don't 500
            raise NotebookError(f"Exhale could not render this notebook: {exc}"[:300]) from None

    def keep_url(element, attribute, value):
        if element == "img" and attribute == "src":
            if value.startswith(IMAGE_PLACEHOLDER):
                name = value[len(IMAGE_PLACEHOLDER) :]
                return image_url(name) if name in images else None
            return None  # remote and data: images would break the CSP or track the reader
        return value

    safe = nh3.clean(
        body,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        attribute_filter=keep_url,
        strip_comments=True,
    )
    safe = re.sub(r"\n{3,}", "\n\n", safe)
    summary = next(
        (c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.strip()), ""
    )
    return RenderedNotebook(
        html=safe,
        images=images,
        cells=len(notebook.cells),
        dropped=dropped,
        # Plain text for excerpts and meta tags: raw HTML in a Markdown cell has no place there.
        summary=html.unescape(nh3.clean(summary, tags=set()))[:1000],
    )


def render_within(raw: bytes, image_url, *, seconds: float) -> RenderedNotebook:
    """render_notebook in a child process killed after `seconds`: refused in words then."""
    import subprocess
    import sys
    from pathlib import Path

    request = json.dumps(
        {"raw": base64.b64encode(raw).decode(), "image_url": image_url("__NAME__")}
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tracking.notebook_child"],
            input=request,
            capture_output=True,
            text=True,
            timeout=seconds,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except subprocess.TimeoutExpired:
        raise NotebookError(
            f"This notebook takes more than {seconds:g} seconds to render, so it cannot be "
            "posted as it is. Clear the largest outputs, or split it into smaller notebooks."
        ) from None
    if done.returncode != 0:
        raise NotebookError("Exhale could not render this notebook.")
    answer = json.loads(done.stdout)
    if "error" in answer:
        raise NotebookError(answer["error"])
    return RenderedNotebook(
        html=answer["html"],
        images={k: base64.b64decode(v) for k, v in answer["images"].items()},
        cells=answer["cells"],
        dropped=answer["dropped"],
        summary=answer["summary"],
    )


def sanitise_again(html: str) -> str:
    """Defence in depth at display time: the stored HTML is cleaned once more."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
