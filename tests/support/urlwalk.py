"""Every URL pattern of the project, taken from the URL configuration itself, so a page or
endpoint added later is covered by the hardening tests without anyone listing it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "__static__/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    route: str  # "u/<str:username>/posts/<str:slug>/"
    callback: object

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    @property
    def is_api(self) -> bool:
        return self.route.startswith(("api/", "mlflow/"))

    def fill(self, values: dict[str, object]) -> str:
        def replace(match):
            return str(values[match.group(1)])

        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", replace, self.route)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES) or "(?P<format>" in route or "\\." in route:
                continue
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or route)
            yield Route(name=name, route=route, callback=entry.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def inline_script_problems(html: str) -> list[str]:
    """Inline <script> bodies (JSON data blocks excepted) and on…= attributes in a page."""
    problems = []
    for match in INLINE_SCRIPT.finditer(html):
        tag = match.group(0)
        if 'type="application/json"' not in tag and "application/ld+json" not in tag:
            problems.append(f"inline script: {html[match.start() : match.start() + 80]!r}")
    for match in EVENT_HANDLER.finditer(html):
        problems.append(f"event handler attribute: {match.group(0)[:80]!r}")
    return problems
