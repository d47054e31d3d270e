"""PostgreSQL cannot store the NUL character in text, so a payload carrying one (JSON writes
it as \\u0000) would fail as a 500 on insert. Forms refuse it field by field; the JSON inputs
that bypass forms (the MLflow endpoint, the account import) ask this first."""

from __future__ import annotations


def contains_nul(value) -> bool:
    """Whether any string in a parsed JSON value (keys included) holds a NUL; no recursion,
    so a value nested as deep as the parser allowed is walked safely."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return False
