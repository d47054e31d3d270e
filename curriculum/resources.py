"""One resource, many roadmaps: two items whose links normalise to the same key are the same
course, book or page for their learner. Plain functions over strings, no ORM.

The rules lean towards NOT merging: a wrong merge marks something done that the learner has
not done, while a missed merge only costs a second click. So only differences that never
change the page are dropped (http/https, `www.`, default ports, a trailing slash, tracking
parameters, the order of query parameters, percent-encoding spelling, in-page anchors), and
everything else (path case, the remaining query values, userinfo, other schemes) is kept.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote, urlsplit

# Query parameters that say where a click came from, never which page it is.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "ref", "ref_src", "mc_cid", "mc_eid", "igshid", "si"}
)
DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ftps": 990}
# A key longer than this is stored as its hash, so the indexed column stays small.
MAX_KEY_LENGTH = 500

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_PATH_SAFE = "/:@!$&'()*+,;=" + "%"
_QUERY_SAFE = "/:@!$'()*+,;?" + "%"
_USERINFO_SAFE = "!$&'()*+,;=:" + "%"
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalise_escapes(text: str, safe: str) -> str:
    """Decode escapes of unreserved characters (%7E → ~), upper-case the others (%2f → %2F,
    which keeps its meaning), and escape what is left that needs it (spaces, non-ASCII)."""

    def one(match: re.Match) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return quote(_ESCAPE.sub(one, text), safe=safe)


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 5.2.4: /a/./b/../c is /a/c.
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return host.removeprefix("www.")


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def normalise_url(url: str) -> str:
    """The key under which a link is one resource: "" for no link; for http(s) links
    "//host[:port]/path?sorted-query[#/hash-route]", other schemes keep theirs
    ("ftp://host/path"). A link that cannot be parsed is its own key, stripped."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if not parts.netloc or not parts.hostname:
        return url
    host = _host(parts.hostname)
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    netloc, _, _ = parts.netloc.rpartition("@")
    if netloc:
        # https://course.fast.ai@evil.com/ is evil.com, with a user name that looks like
        # a host: it stays apart from both.
        host = f"{_normalise_escapes(netloc, _USERINFO_SAFE)}@{host}"
    path = _remove_dot_segments(_normalise_escapes(parts.path, _PATH_SAFE)).rstrip("/")
    # Split by hand rather than decode: a decoded value could read as a different escape.
    pairs = sorted(
        _normalise_escapes(pair, _QUERY_SAFE + "=")
        for pair in parts.query.split("&")
        if pair and not _is_tracking(unquote(pair.partition("=")[0]))
    )
    query = "&".join(pairs)
    fragment = parts.fragment
    # Single-page sites route with the fragment (#/lesson/3, #!/lesson/3): it is the page.
    route = fragment if fragment.startswith(("/", "!/")) else ""
    prefix = "//" if scheme in ("http", "https") else f"{scheme}://"
    key = prefix + host + path
    if query:
        key += "?" + query
    if route:
        key += "#" + _normalise_escapes(route, _PATH_SAFE + "?").rstrip("/")
    return key


def resource_key(url: str) -> str:
    """normalise_url, hashed when it is too long to index."""
    key = normalise_url(url)
    if len(key) > MAX_KEY_LENGTH:
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key
