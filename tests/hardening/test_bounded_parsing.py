"""Every upload parser does a bounded amount of work on hostile input.

Work is counted, not timed: a profiler hook counts every Python and C function call the parser
makes, and csv.Sniffer (whose regexes are quadratic in a line's length, below the profiler's
sight) is watched for how many characters it is handed. A parser passes when

- the sniffer never sees more than SNIFF_SAMPLE_CHARS, and
- doubling the hostile input at most about doubles the count (linear, not quadratic), within
  a per-byte budget.

A subprocess with a generous timeout runs the full-size inputs once as a safety net.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.csv_sniff import SNIFF_SAMPLE_CHARS
from curriculum.importing.outline import UnusableFile
from curriculum.importing.reader import parse_roadmap_file
from journal.csv_io import decode_upload, parse_exhale_csv, parse_tracker_csv
from portfolio.archive_import import _payload as read_account_payload
from portfolio.archive_zip import DEFAULT_LIMITS as ZIP_LIMITS
from portfolio.archive_zip import BoundedZip
from projects.upload_checks import check_csv, check_image_zip
from training_jobs.demos import check_image, clean_input

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
# The line from issue 13: csv.Sniffer's quote regex backtracks over all of it for each start.
SNIFFER_TRAP = "a;\"b\"|'c'\t"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _csv_rows(first_line: str, n: int) -> bytes:
    return (first_line + "\n" + "1,2\n" * 12).encode()


# Each parser as it is called by its view or API, on bytes.
PARSERS = {
    "dataset csv": lambda data: check_csv(data),
    "image zip": lambda data: check_image_zip(io.BytesIO(data), len(data)),
    "journal csv": lambda data: parse_exhale_csv(decode_upload(data), ZoneInfo("UTC")),
    "journal tracker csv": lambda data: parse_tracker_csv(
        decode_upload(data), ZoneInfo("UTC"), date_column="a", duration_column="b"
    ),
    "roadmap markdown": lambda data: parse_roadmap_file(data, filename="roadmap.md"),
    "roadmap json": lambda data: parse_roadmap_file(data, filename="roadmap.json"),
    "demo image": lambda data: check_image(data),
    "demo text": lambda data: clean_input("text", {"text": data.decode("latin-1")}),
    # The account import's reading part: the bounded zip and its data.json (the records are
    # then written row by row, each checked; tests/portfolio covers that).
    "account archive": lambda data: read_account_payload(
        BoundedZip(io.BytesIO(data), ZIP_LIMITS), ZIP_LIMITS
    ),
}

# Hostile inputs of about n bytes, per parser.
HOSTILE = {
    "dataset csv": {
        "sniffer trap": lambda n: (SNIFFER_TRAP * (n // len(SNIFFER_TRAP))).encode(),
        "sniffer trap header": lambda n: _csv_rows(SNIFFER_TRAP * (n // 11), n),
        "one open quote": lambda n: b'"' + b"a," * (n // 2),
        "many short rows": lambda n: b"a,b\n" + b"1,x\n" * (n // 4),
        "many columns": lambda n: b",".join(b"c%d" % i for i in range(n // 6)) + b"\n" * 12,
        "ragged rows": lambda n: b"a,b\n" + b",".join([b"1"] * 50) * (n // 100) + b"\n",
    },
    "image zip": {
        "many entries": lambda n: _zip({f"c{i % 2}/{i}.png": PNG for i in range(n // 120)}),
        "deep paths": lambda n: _zip(
            {"/".join(["d"] * (n // 400)) + f"/{i}.png": PNG for i in range(50)}
        ),
        "long names": lambda n: _zip(
            {f"c{i % 2}/" + "x" * 200 + f"{i}.png": PNG for i in range(n // 400)}
        ),
    },
    "journal csv": {
        "sniffer trap": lambda n: (SNIFFER_TRAP * (n // len(SNIFFER_TRAP))).encode(),
        "many bad rows": lambda n: b"minutes,kind,date\n" + b"x,nope,2025-13-45\n" * (n // 18),
        "one open quote": lambda n: b'minutes,kind,date\n"' + b"a," * (n // 2),
    },
    "journal tracker csv": {
        "sniffer trap": lambda n: (SNIFFER_TRAP * (n // len(SNIFFER_TRAP))).encode(),
        "many rows": lambda n: b"a,b\n" + b"2025-01-01,00:00:10\n" * (n // 20),
    },
    "roadmap markdown": {
        "open brackets": lambda n: b"# T\n\n## S\n\n- " + b"[" * n,
        "open links": lambda n: b"# T\n\n## S\n\n- " + b"[a](" * (n // 4),
        "emphasis runs": lambda n: b"# T\n\n## S\n\n- " + b"**a" * (n // 3),
        "backticks": lambda n: b"# T\n\n## S\n\n- " + b"`a" * (n // 2),
        "wide table": lambda n: b"# T\n\n|" + b"a|" * (n // 4) + b"\n|" + b"-|" * (n // 4),
        "many headings": lambda n: b"".join(b"#" * (1 + i % 6) + b" h\n" for i in range(n // 6)),
        "nested lists": lambda n: (
            b"# T\n\n## S\n\n" + b"".join(b"  " * (i % 100) + b"- x\n" for i in range(n // 100))
        ),
        "nested quotes": lambda n: b"# T\n\n" + b"> " * (n // 2) + b"x\n",
        "durations": lambda n: b"# T\n\n## S\n\n- x (" + b"1h, " * (n // 4) + b")\n",
    },
    "roadmap json": {
        "deep arrays": lambda n: b"[" * (n // 2) + b"]" * (n // 2),
        "many stages": lambda n: (
            b'{"stages": ['
            + b",".join(b'{"title": "s", "items": [{"title": "x"}]}' for _ in range(n // 42))
            + b"]}"
        ),
    },
    "demo image": {
        "png header then junk": lambda n: PNG + b"\xff" * n,
    },
    "demo text": {
        "long text": lambda n: b"a" * n,
    },
    "account archive": {
        "many members": lambda n: _zip({f"posts/{i}.md": b"x" for i in range(n // 100)}),
        "deep json": lambda n: _zip({"data.json": b"[" * (n // 2) + b"]" * (n // 2)}),
        "wide json": lambda n: _zip(
            {
                "data.json": b'{"format": "exhale-account", "version": 1, "records": {"a": ['
                + b",".join(b"{}" for _ in range(n // 3))
                + b"]}}"
            }
        ),
        "long names": lambda n: _zip({"x" * 200 + f"{i}": b"" for i in range(n // 300)}),
    },
}

CASES = [(parser, name) for parser, inputs in HOSTILE.items() for name in inputs]
REFUSALS = (ValidationError, UnusableFile, ValueError)
SIZE = 16 * 1024
# Calls per input byte a linear parser may make; generous, far below what quadratic needs.
BUDGET_PER_BYTE = 200


class Meter:
    """Counts profiler events and the characters handed to csv.Sniffer."""

    def __init__(self, monkeypatch):
        self.calls = 0
        self.sniffed = 0
        real = csv.Sniffer.sniff

        def watched(sniffer, sample, *args, **kwargs):
            self.sniffed = max(self.sniffed, len(sample))
            return real(sniffer, sample, *args, **kwargs)

        monkeypatch.setattr(csv.Sniffer, "sniff", watched)

    def run(self, parser, data: bytes) -> int:
        self.calls = 0

        def count(frame, event, arg):
            self.calls += 1

        sys.setprofile(count)
        try:
            parser(data)
        except REFUSALS:
            pass  # a clear refusal is a fine answer; only the work matters here
        finally:
            sys.setprofile(None)
        return self.calls


def test_every_upload_parser_has_hostile_inputs():
    assert set(HOSTILE) == set(PARSERS)


@pytest.mark.parametrize("parser, name", CASES)
def test_hostile_input_costs_linear_work(monkeypatch, parser, name):
    meter = Meter(monkeypatch)
    make = HOSTILE[parser][name]
    small, large = make(SIZE), make(2 * SIZE)

    small_calls = meter.run(PARSERS[parser], small)
    large_calls = meter.run(PARSERS[parser], large)

    assert meter.sniffed <= SNIFF_SAMPLE_CHARS
    assert large_calls <= 2.3 * small_calls + 5_000, (small_calls, large_calls)
    assert large_calls <= BUDGET_PER_BYTE * len(large) + 50_000


def test_the_sniffer_sample_stays_a_few_kb_on_the_issue_input(monkeypatch):
    """65 KB of the line from issue 13 (11 s of one worker before): the sniffer sees 2 KB."""
    meter = Meter(monkeypatch)
    data = (SNIFFER_TRAP * (65 * 1024 // len(SNIFFER_TRAP))).encode()

    for parser in ("dataset csv", "journal csv"):
        meter.run(PARSERS[parser], data)

    assert 0 < meter.sniffed <= SNIFF_SAMPLE_CHARS


SAFETY_NET = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from tests.hardening.test_bounded_parsing import HOSTILE, PARSERS, REFUSALS
for parser, inputs in HOSTILE.items():
    for name, make in inputs.items():
        try:
            PARSERS[parser](make(64 * 1024))
        except REFUSALS:
            pass
print("all parsed")
"""


def test_full_size_hostile_inputs_all_finish(tmp_path):
    """The safety net: every hostile input at 64 KB, in a child process that must end well
    inside a generous limit (it takes about a second; the issue's one CSV took 11 s)."""
    result = subprocess.run(
        [sys.executable, "-c", SAFETY_NET],
        capture_output=True,
        text=True,
        timeout=180,
        env={**__import__("os").environ, "EXHALE_VAR_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert "all parsed" in result.stdout


def test_a_list_nested_a_thousand_deep_is_refused_or_read():
    data = b"# T\n\n## S\n\n" + b"".join(b"  " * i + b"- x\n" for i in range(1000))
    try:
        parse_roadmap_file(data, filename="roadmap.md")
    except REFUSALS:
        pass
