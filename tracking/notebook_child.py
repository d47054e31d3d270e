"""Renders one notebook in a child process, so the web process can bound the time it takes.

nbconvert's cost is not bounded by a notebook's size (a 500 KB HTML output of nested tags,
or a long run of unclosed Markdown links, takes over a minute), so the web process runs this
with a time limit and kills it past that. It reads JSON on stdin ({"raw": base64 of the file,
"image_url": an address with __NAME__ for the image's name}) and writes the rendering as JSON.
"""

from __future__ import annotations

import base64
import json
import sys


def main() -> None:
    from tracking.notebook_render import NotebookError, render_notebook

    request = json.load(sys.stdin)
    template = request["image_url"]
    try:
        rendered = render_notebook(
            base64.b64decode(request["raw"]), lambda name: template.replace("__NAME__", name)
        )
    except NotebookError as exc:
        json.dump({"error": str(exc)}, sys.stdout)
        return
    json.dump(
        {
            "html": rendered.html,
            "images": {k: base64.b64encode(v).decode() for k, v in rendered.images.items()},
            "cells": rendered.cells,
            "dropped": rendered.dropped,
            "summary": rendered.summary,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
