"""The sitemap: every public address, read page by page so no request loads them all.

Up to `SITEMAP_PAGE_SIZE` addresses (the protocol's 50,000 unless a setting lowers it),
/sitemap.xml is one urlset. Past that it is a sitemap index whose pages are sections (learners,
each kind of post, runs, logged runs) cut into ranges of ids `SITEMAP_PAGE_SIZE` wide, so a page
holds at most that many addresses, is read with one query on the primary key, and costs the
same on page 1 as on the last one; only ranges that hold a public row are listed. What is public
is each model's own `public()` (core.visibility), as everywhere else.

Listing the ranges reads every public id, so it grows with the instance (about 160 ms at 10,000
learners): the outline is kept in the cache for `SITEMAP_INDEX_SECONDS` (10 minutes). Only the
index can be that stale, never a page: each page is read live, so a row made private leaves it at
once, and a page left empty by that answers 404 until the outline is made again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F
from django.urls import reverse

PROTOCOL_LIMIT = 50_000


def page_size() -> int:
    return min(getattr(settings, "SITEMAP_PAGE_SIZE", PROTOCOL_LIMIT), PROTOCOL_LIMIT)


def _route(name: str, arity: int) -> Callable[..., str]:
    """A fast address builder for one route: reversed once with markers, then formatted (a
    reverse() per address costs more than the query for a 50,000-address page)."""
    markers = [str(987654321012 + i) for i in range(arity)]  # fit str and int converters
    pattern = reverse(name, args=markers).replace("{", "{{").replace("}", "}}")
    for i, marker in enumerate(markers):
        pattern = pattern.replace(marker, f"{{{i}}}")
    return pattern.format


@dataclass(frozen=True)
class Section:
    name: str
    rows: Callable[[], object]  # a values_list queryset: (pk, what the address needs)
    address: Callable[[tuple], str]


def sections() -> dict[str, Section]:
    from core.visibility import public_learners
    from portfolio.posts import SOURCES, public_rows
    from tracking.models import LoggedRun
    from training_jobs.models import TrainingJob

    learner, post = _route("portfolio:learner", 1), _route("portfolio:post", 2)
    run, logged = _route("portfolio:run", 2), _route("tracking:detail", 1)
    found = [
        Section(
            "learners",
            lambda: public_learners().values_list("pk", "username"),
            lambda row: learner(row[1]),
        )
    ]
    for kind in SOURCES:
        found.append(
            Section(
                f"{kind}-posts",
                lambda kind=kind: public_rows(kind).values_list("pk", "learner__username"),
                lambda row, kind=kind: post(row[1], f"{kind}-{row[0]}"),
            )
        )
    found.append(
        Section(
            "runs",
            lambda: TrainingJob.objects.public().values_list("pk", "owner__username"),
            lambda row: run(row[1], row[0]),
        )
    )
    found.append(
        Section(
            "logged-runs",
            lambda: LoggedRun.objects.public().values_list("pk", "run_uuid"),
            lambda row: logged(row[1].hex),
        )
    )
    return {section.name: section for section in found}


def _ranges(section: Section, size: int) -> list[tuple[int, int]]:
    """(range number, public rows in it) for every id range that holds one: one query."""
    return list(
        section.rows()
        .annotate(page=F("pk") / size)
        .values_list("page")
        .annotate(n=Count("pk"))
        .values_list("page", "n")
        .order_by("page")
    )


def outline() -> tuple[int, list[tuple[str, int]]]:
    """How many addresses there are in all, and the (section, range) pages that hold them:
    from the cache, else one query per section, reading ids only."""
    seconds = getattr(settings, "SITEMAP_INDEX_SECONDS", 600)
    # Named by database too: two instances may share one Redis.
    key = f"sitemap-outline:{connection.settings_dict['NAME']}:{page_size()}"
    found = cache.get(key) if seconds else None
    if found is None:
        found = _outline()
        if seconds:
            cache.set(key, found, seconds)
    return found


def _outline() -> tuple[int, list[tuple[str, int]]]:
    size, total, pages = page_size(), 1, [("pages", 0)]  # the discover page
    for name, section in sections().items():
        for number, count in _ranges(section, size):
            pages.append((name, number))
            total += count
    return total, pages


def index_addresses(pages: list[tuple[str, int]]) -> list[str]:
    """The paths of the outline's pages (formatted, not reversed: an index lists thousands)."""
    path = _route("portfolio:sitemap_page", 2)
    return [path(name, number) for name, number in pages]


def page_addresses(name: str, number: int) -> list[str] | None:
    """The addresses on one page (at most page_size()), or None when there is no such page."""
    if name == "pages":
        return [reverse("portfolio:discover")] if number == 0 else None
    section = sections().get(name)
    if section is None:
        return None
    size = page_size()
    rows = section.rows().filter(pk__gte=number * size, pk__lt=(number + 1) * size).order_by("pk")
    return [section.address(row) for row in rows] or None


def every_address() -> Iterator[str]:
    """Every public address, section by section (for an instance under one page)."""
    yield reverse("portfolio:discover")
    for section in sections().values():
        for row in section.rows().order_by("pk").iterator(chunk_size=2000):
            yield section.address(row)
