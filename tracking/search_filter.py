"""The filter expressions of `runs/search` that Exhale understands, as plain functions.

Supported: clauses joined by AND, each `<entity>.<key> <op> <value>` where the entity is
`metrics`, `params`, `tags` or `attributes` (with MLflow's singular and `attr`/`run` aliases),
the key bare, `backquoted` or "double-quoted", the operator one of = != < <= > >= for
metrics and numeric attributes, and = != LIKE ILIKE for params, tags and text attributes
(`status`, `run_name`, `run_id`; numeric `start_time`, `end_time`). `attributes.run_id IN
('a', 'b')` works too. OR, parentheses and dataset filters are refused with a clear message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

ENTITY_ALIASES = {
    "metric": "metrics",
    "metrics": "metrics",
    "param": "params",
    "params": "params",
    "parameter": "params",
    "parameters": "params",
    "tag": "tags",
    "tags": "tags",
    "attribute": "attributes",
    "attributes": "attributes",
    "attr": "attributes",
    "run": "attributes",
}
TEXT_ATTRIBUTES = {"status", "run_name", "run_id", "user_id"}
NUMERIC_ATTRIBUTES = {"start_time", "end_time"}
NUMERIC_OPS = {"=", "!=", "<", "<=", ">", ">="}
TEXT_OPS = {"=", "!=", "LIKE", "ILIKE"}

_CLAUSE = re.compile(
    r"""\s*(?P<entity>[A-Za-z_]+)\.(?P<key>`[^`]+`|"[^"]+"|[\w./-]+)\s*
        (?P<op>!=|<=|>=|=|<|>|\bNOT\s+IN\b|\bIN\b|\bI?LIKE\b)\s*
        (?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\([^)]*\)|[-+\w.]+)\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_AND = re.compile(r"\s+AND\s+", re.IGNORECASE)


class FilterError(ValueError):
    pass


@dataclass(frozen=True)
class Clause:
    entity: str
    key: str
    op: str
    value: Any


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`":
        return text[1:-1].replace("\\'", "'").replace('\\"', '"')
    return text


def _split_and(expression: str) -> list[str]:
    """Split on AND outside quotes, so a quoted value may contain the word."""
    parts, current, quote = [], [], None
    i = 0
    while i < len(expression):
        ch = expression[i]
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
            current.append(ch)
        else:
            match = _AND.match(expression, i)
            if match:
                parts.append("".join(current))
                current = []
                i = match.end()
                continue
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def parse_filter(expression: str | None) -> list[Clause]:
    if expression is None or expression == "":
        return []
    if not isinstance(expression, str):
        raise FilterError("The filter must be a string, such as \"metrics.accuracy > 0.9\".")
    if not expression.strip():
        return []
    if len(expression) > 4000:
        raise FilterError("The filter is longer than 4,000 characters.")
    clauses = []
    for part in _split_and(expression):
        match = _CLAUSE.fullmatch(part)
        if not match:
            raise FilterError(
                f"Exhale cannot read the filter clause {part.strip()!r}. Write clauses like "
                "metrics.accuracy > 0.9 or params.lr = '0.01', joined by AND."
            )
        entity = ENTITY_ALIASES.get(match["entity"].lower())
        if entity is None:
            raise FilterError(f"Unknown filter entity {match['entity']!r}.")
        key = _unquote(match["key"])
        op = re.sub(r"\s+", " ", match["op"].upper())
        raw = match["value"]
        clauses.append(_typed_clause(entity, key, op, raw))
    return clauses


def _typed_clause(entity: str, key: str, op: str, raw: str) -> Clause:
    if entity == "attributes":
        key = {"run_uuid": "run_id", "name": "run_name"}.get(key, key)
        if key in NUMERIC_ATTRIBUTES:
            return Clause(entity, key, _check(op, NUMERIC_OPS, key), _number(raw, key))
        if key not in TEXT_ATTRIBUTES:
            raise FilterError(f"Filtering on the attribute {key!r} is not supported.")
        if op in {"IN", "NOT IN"}:
            if not (raw.startswith("(") and raw.endswith(")")):
                raise FilterError("IN takes a parenthesised list of quoted values.")
            values = [_unquote(v.strip()) for v in raw[1:-1].split(",") if v.strip()]
            return Clause(entity, key, op, tuple(values))
        return Clause(entity, key, _check(op, TEXT_OPS, key), _text(raw, key))
    if entity == "metrics":
        return Clause(entity, key, _check(op, NUMERIC_OPS, key), _number(raw, key))
    return Clause(entity, key, _check(op, TEXT_OPS, key), _text(raw, key))


def _check(op: str, allowed: set[str], key: str) -> str:
    if op not in allowed:
        raise FilterError(f"The operator {op} does not apply to {key!r}.")
    return op


def _number(raw: str, key: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise FilterError(f"{key!r} is compared with a number, not {raw!r}.") from None


def _text(raw: str, key: str) -> str:
    if raw[:1] not in {"'", '"'}:
        raise FilterError(f"Put the value for {key!r} in quotes: '{raw}'.")
    return _unquote(raw)


def _like(pattern: str, value: str, *, ignore_case: bool) -> bool:
    regex = "".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None:
        return False
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op in {"LIKE", "ILIKE"}:
        return _like(right, str(left), ignore_case=op == "ILIKE")
    if op == "IN":
        return left in right
    if op == "NOT IN":
        return left not in right
    if isinstance(left, float) and math.isnan(left):
        return False
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]


def matches(clauses: list[Clause], run: dict) -> bool:
    """`run` is a plain dict: attributes, and dicts of latest metrics, params and tags."""
    for clause in clauses:
        if clause.entity == "attributes":
            left = run["attributes"].get(clause.key)
        else:
            left = run[clause.entity].get(clause.key)
        if not _compare(clause.op, left, clause.value):
            return False
    return True


_ORDER = re.compile(
    r"\s*(?P<entity>[A-Za-z_]+)\.(?P<key>`[^`]+`|\"[^\"]+\"|[\w./-]+)\s*(?P<dir>ASC|DESC)?\s*",
    re.IGNORECASE,
)


def parse_order_by(items: list[str]) -> list[tuple[str, str, bool]]:
    """Each `entity.key [ASC|DESC]` as (entity, key, descending)."""
    order = []
    for item in items or []:
        if not isinstance(item, str):
            raise FilterError("Each order_by entry must be a string, such as \"metrics.loss ASC\".")
        match = _ORDER.fullmatch(item)
        if not match:
            raise FilterError(f"Exhale cannot read the order_by {item!r}.")
        entity = ENTITY_ALIASES.get(match["entity"].lower())
        if entity is None:
            raise FilterError(f"Unknown order_by entity {match['entity']!r}.")
        key = _unquote(match["key"])
        if entity == "attributes":
            key = {"run_uuid": "run_id", "name": "run_name"}.get(key, key)
        order.append((entity, key, (match["dir"] or "ASC").upper() == "DESC"))
    return order
