"""Reading and writing roadmaps as files: plain functions over plain values, no ORM.

`parse_roadmap_file(text)` turns Markdown (any of the shapes real curricula on GitHub use),
our own JSON export or roadmap.sh's JSON into an `Outline`; `outline_to_markdown` and
`outline_to_json` write one back. Input that cannot become a roadmap raises `UnusableFile`
with a message written for the learner."""

from curriculum.importing.outline import (
    Outline,
    OutlineItem,
    OutlineStage,
    UnusableFile,
)
from curriculum.importing.reader import parse_roadmap_file

__all__ = ["Outline", "OutlineItem", "OutlineStage", "UnusableFile", "parse_roadmap_file"]
