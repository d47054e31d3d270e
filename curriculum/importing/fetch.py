"""Fetch a curriculum from a link the learner pastes, without letting the link reach inside
our network.

GitHub pages are mapped to the raw file (a `blob` page, a `tree` folder's README, a
repository's README); the address relative links resolve against is the file's own page.
Fetching is bounded: http and https only, ports 80 and 443, at most MAX_REDIRECTS redirects,
TIMEOUT_S per network wait and DEADLINE_S in all, MAX_FILE_BYTES of body (a longer one is cut
off and refused), no compression. Every address a host name resolves to must be public, at
the first hop and after every redirect, and the connection goes to the address that was
checked (no second lookup an attacker's DNS could answer differently). Addresses in
settings.IMPORT_FETCH_ALLOWED_NETWORKS are let through, on any port (tests serve files from
127.0.0.1 that way); it is empty by default."""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from curriculum.importing.outline import MAX_FILE_BYTES, UnusableFile

MAX_REDIRECTS = 5
TIMEOUT_S = 10
DEADLINE_S = 20
CHUNK = 64 * 1024
URL_MAX = 2000
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchRefused(UnusableFile):
    """The link cannot be fetched; str(error) says why, in the learner's words."""


def github_source(url: str) -> tuple[str, str]:
    """(address to fetch, address relative links resolve against) for a pasted link."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in ("github.com", "www.github.com") and len(segments) >= 2:
        owner, repo = segments[0], segments[1].removesuffix(".git")
        rest = segments[2:]
        if not rest:
            ref, path = "HEAD", ["README.md"]
        elif rest[0] in ("blob", "raw") and len(rest) >= 3:
            ref, path = rest[1], rest[2:]
        elif rest[0] == "tree" and len(rest) >= 2:
            ref, path = rest[1], rest[2:] + ["README.md"]
        else:
            return url, url
        joined = "/".join(path)
        return (
            f"https://raw.githubusercontent.com/{owner}/{repo}/{ref}/{joined}",
            f"https://github.com/{owner}/{repo}/blob/{ref}/{joined}",
        )
    if host == "raw.githubusercontent.com" and len(segments) >= 4:
        owner, repo, ref = segments[:3]
        joined = "/".join(segments[3:])
        return url, f"https://github.com/{owner}/{repo}/blob/{ref}/{joined}"
    return url, url


README_NAMES = ("README.md", "readme.md", "Readme.md", "README.markdown")


def github_sources(url: str) -> list[tuple[str, str]]:
    """Every (address to fetch, base) to try in turn: for a repository or folder, its README
    under each usual name; for anything else, the one github_source gives."""
    target, base = github_source(url)
    if not target.endswith("/README.md") or url.rstrip("/").endswith("README.md"):
        return [(target, base)]
    stem, base_stem = target[: -len("README.md")], base[: -len("README.md")]
    return [(stem + name, base_stem + name) for name in README_NAMES]


def _allowed_networks() -> list:
    return [
        ipaddress.ip_network(net, strict=False)
        for net in getattr(settings, "IMPORT_FETCH_ALLOWED_NETWORKS", [])
    ]


def _is_public(ip) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> tuple[str, bool]:
    """The address to connect to, and whether it is one of the allowed private ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"We could not find the site “{host}”. Check the address.") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchRefused(f"We could not find the site “{host}”. Check the address.")
    allowed = _allowed_networks()
    all_allowed = True
    for ip in addresses:
        if any(ip in net for net in allowed):
            continue
        all_allowed = False
        if not _is_public(ip):
            raise FetchRefused(
                f"“{host}” is a private or local address; Exhale only fetches roadmaps from "
                "public web sites. Download the file and upload it instead."
            )
    return str(addresses[0]), all_allowed


class _DeadlineReader(io.RawIOBase):
    """Each read from the site waits at most until the deadline, so a site that trickles its
    headers or body a byte at a time is cut off there, not 64 KB of waits later."""

    def __init__(self, sock, deadline: float) -> None:
        # The socket's own unbuffered file keeps it open after the connection lets go of it.
        self._sock, self._raw, self._deadline = sock, sock.makefile("rb", buffering=0), deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("past the fetch deadline")
        self._sock.settimeout(min(remaining, TIMEOUT_S))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    def __init__(self, sock, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


class _Pinned:
    def _pin(self, ip: str, deadline: float) -> None:
        self._ip = ip
        self.response_class = lambda sock, *a, **k: http.client.HTTPResponse(
            _DeadlineSocket(sock, deadline), *a, **k
        )


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float, deadline: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._pin(ip, deadline)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float, deadline: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._pin(ip, deadline)

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _check_url(url: str) -> tuple[str, str, int]:
    if len(url) > URL_MAX:
        raise FetchRefused("This address is too long.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused("Give an address starting with https:// (or http://).")
    if not parts.hostname:
        raise FetchRefused("This address has no site in it.")
    if parts.username or parts.password:
        raise FetchRefused("Give an address without a user name or password in it.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused("This address has an unusable port.") from exc
    return parts.scheme, parts.hostname, port


def _get(url: str, deadline: float):
    scheme, host, port = _check_url(url)
    ip, allowed = _resolve(host, port)
    if port not in (80, 443) and not allowed:
        raise FetchRefused("Exhale only fetches from web sites on the usual ports (80 and 443).")
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = kind(
        host,
        port,
        ip,
        timeout=max(1.0, min(TIMEOUT_S, deadline - time.monotonic())),
        deadline=deadline,
    )
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": "Exhale roadmap importer",
                "Accept": "text/markdown, text/plain, application/json;q=0.9, */*;q=0.5",
                "Accept-Encoding": "identity",
            },
        )
        return conn, conn.getresponse()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise FetchRefused(
            f"We could not fetch {host}: {exc.__class__.__name__}. Check the address, or "
            "download the file and upload it."
        ) from exc


def _read_body(response, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > MAX_FILE_BYTES:
        raise FetchRefused(_too_big(int(length)))
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(f"The site took more than {DEADLINE_S} seconds to send the file.")
        try:
            chunk = response.read(CHUNK)
        except (OSError, http.client.HTTPException) as exc:
            if time.monotonic() > deadline:
                raise FetchRefused(
                    f"The site took more than {DEADLINE_S} seconds to send the file."
                ) from exc
            raise FetchRefused("The site stopped sending the file halfway.") from exc
        if not chunk:
            return bytes(body)
        body.extend(chunk)
        if len(body) > MAX_FILE_BYTES:
            raise FetchRefused(_too_big(None))


def _too_big(size: int | None) -> str:
    limit = f"{MAX_FILE_BYTES / 1_000_000:.0f} MB"
    if size:
        return f"This file is {size / 1_000_000:.1f} MB; Exhale imports roadmaps up to {limit}."
    return f"This file is larger than {limit}, the most Exhale imports; we stopped reading it."


def fetch_curriculum(url: str) -> tuple[bytes, str]:
    """The file at url, and the address its relative links resolve against. Raises
    FetchRefused with a message for the learner."""
    url = url.strip()
    deadline = time.monotonic() + DEADLINE_S
    candidates = github_sources(url)
    for target, base in candidates[:-1]:
        try:
            return _fetch(target, base, deadline)
        except _NotFound:
            continue  # the README under its next usual name
    return _fetch(*candidates[-1], deadline)


class _NotFound(FetchRefused):
    pass


def _fetch(target: str, base: str, deadline: float) -> tuple[bytes, str]:
    for _ in range(MAX_REDIRECTS + 1):
        conn, response = _get(target, deadline)
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused("The site sent a redirect without an address.")
                following = urljoin(target, location)
                base = following if base == target else base
                target = following
                continue
            if response.status != 200:
                kind = _NotFound if response.status == 404 else FetchRefused
                raise kind(
                    f"The site answered “{response.status} {response.reason}” for this "
                    "address. Check that the file exists and is public."
                )
            data = _read_body(response, deadline)
        finally:
            conn.close()
        return data, base
    raise FetchRefused(f"The site redirected more than {MAX_REDIRECTS} times; we stopped.")
