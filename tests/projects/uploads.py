"""Small uploads for tests: a zip of tiny images in class folders, and CSV tables."""

from __future__ import annotations

import io
import random
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(colour=(200, 30, 30), size=16, noise: int = 0, seed: int = 0) -> bytes:
    image = Image.new("RGB", (size, size), colour)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        for x in range(size):
            for y in range(size):
                r, g, b = colour
                d = rng.randint(-noise, noise)
                pixels[x, y] = (
                    max(0, min(255, r + d)),
                    max(0, min(255, g + d)),
                    max(0, min(255, b + d)),
                )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def image_zip_bytes(per_class: int = 6, extra: dict[str, bytes] | None = None) -> bytes:
    """Two classes told apart by brightness: dark and light squares."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for label, colour in [("dark", (20, 20, 20)), ("light", (235, 235, 235))]:
            for n in range(per_class):
                archive.writestr(f"{label}/{n}.png", png_bytes(colour, noise=15, seed=n))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def table_csv_bytes(rows: int = 40, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """A table where `big` decides the `label` (yes when size > 50), with a text column."""
    lines = [delimiter.join(["city", "size", "colour", "label"])]
    for n in range(rows):
        size = (n * 37) % 100
        lines.append(
            delimiter.join(
                [
                    "Besançon" if n % 2 else "Lyon",
                    str(size),
                    "red" if n % 3 else "blue",
                    "yes" if size > 50 else "no",
                ]
            )
        )
    return "\n".join(lines).encode(encoding)


def upload_file(content: bytes, name: str) -> SimpleUploadedFile:
    kind = "application/zip" if name.endswith(".zip") else "text/csv"
    return SimpleUploadedFile(name, content, content_type=kind)
