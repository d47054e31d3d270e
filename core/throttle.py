"""Who is calling, and how often: the one place that reads a client's address and counts its
tries. django-axes (sign-in), the sign-up throttle and the demo rate limit all use it.

Behind a reverse proxy every request's REMOTE_ADDR is the proxy's, so the client's address has
to come from X-Forwarded-For -- but only from the entries our own proxies wrote. Each proxy
appends the address it received the request from, so with N trusted proxies the client is the
N-th entry from the right; anything further left was written by the client and may be forged.
settings.EXHALE_TRUSTED_PROXIES is that N (0: no proxy, X-Forwarded-For is ignored).
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

_now = time.time  # the clock, swappable in tests so that no window ends mid-test


def counts():
    """The cache the counters live in (tests swap in a fresh one per test)."""
    return cache


def _valid_ip(text: str) -> str | None:
    """The address as one client: IPv4 as is (also when written ::ffff:a.b.c.d), IPv6 as its
    /64, which one connection owns whole (counting each address would be no limit at all)."""
    try:
        ip = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Address(int(ip) >> 64 << 64))
    return str(ip)


def client_address(request) -> str:
    """The caller's IP address, trusting X-Forwarded-For for exactly the configured hops."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "") or "") or "unknown"
    proxies = int(getattr(settings, "EXHALE_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if not forwarded:
        return remote
    # Fewer entries than proxies: every entry was written by one of ours; take the farthest.
    hop = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return _valid_ip(hop) or remote


def client_address_for_axes(request, *args, **kwargs) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes reads the same address as everything else (None
    when there is none, e.g. Django's test client signing in: axes stores it in an IP column)."""
    address = client_address(request)
    return None if address == "unknown" else address


def over_limit(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one try for `key` in `bucket`; true once more than `limit` fell in this window.

    A fixed window in the shared cache (file cache on one machine, Redis beside PostgreSQL),
    so every web process counts together."""
    window = int(_now() // window_seconds)
    name = f"throttle:{bucket}:{key}:{window}"
    store = counts()
    if store.add(name, 1, window_seconds + 30):
        return limit < 1
    try:
        return store.incr(name) > limit
    except ValueError:  # expired between add and incr
        store.add(name, 1, window_seconds + 30)
        return False


def tries_left(bucket: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Whether `key` may still try in this window, without counting a try."""
    window = int(_now() // window_seconds)
    return (counts().get(f"throttle:{bucket}:{key}:{window}") or 0) < limit
