"""The cache of rendered public answers (portfolio pages, feeds, badges), with a small copy in
each process in front of the shared cache.

Every key names the exact content it holds (the portfolio's change stamp, the learner's date,
the viewer kind), so a key's value never goes stale: a change makes a new key. The copy in
the process may therefore keep what it has seen without asking the shared cache again, which
saves a file read or a Redis round trip on every hit; it keeps the most recent entries up to
a bound on their count and size."""

import threading
from collections import OrderedDict

from django.core.cache import cache

MAX_ENTRIES = 512
MAX_BYTES = 32 * 1024 * 1024

_local: OrderedDict[str, object] = OrderedDict()
_sizes: dict[str, int] = {}
_lock = threading.Lock()


def _size(value) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, tuple):
        return sum(_size(v) for v in value)
    return 64


def _keep(key: str, value) -> None:
    with _lock:
        _local[key] = value
        _local.move_to_end(key)
        _sizes[key] = _size(value)
        while len(_local) > MAX_ENTRIES or sum(_sizes.values()) > MAX_BYTES:
            old, _ = _local.popitem(last=False)
            _sizes.pop(old, None)


def get(key: str):
    with _lock:
        if key in _local:
            _local.move_to_end(key)
            return _local[key]
    value = cache.get(key)
    if value is not None:
        _keep(key, value)
    return value


def put(key: str, value, timeout: int) -> None:
    cache.set(key, value, timeout)
    _keep(key, value)


def clear() -> None:
    """Forget this process's copies (tests, after clearing the shared cache)."""
    with _lock:
        _local.clear()
        _sizes.clear()
