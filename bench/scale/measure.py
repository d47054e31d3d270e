"""Time the pages that see every learner on both instances, in turns, and size the tables.

Each page is asked `rounds` times on each instance through Django's test client, alternating
small and big so a busy machine slows both alike; the figures are p50 and p95 in milliseconds,
the ratio big/small of the p50s, and the queries one request makes at each size. Every request
renders (the answers cache is a fresh local-memory cache, and signed-in pages are not cached)."""

from __future__ import annotations

import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from bench.scale import using
from bench.timing import query_count
from portfolio import answers

SIZES = ("small", "default")
TIME_RATIO_TARGET = 2.0
# The sitemap is measured with pages of 100 ids at both sizes, so both serve an index and a page
# covers the same width of ids: the production size (50,000) would give the 100-learner instance
# a plain urlset, which is another page altogether.
SITEMAP_PAGE = 100
# The index lists every page, so it grows with the instance by design (one aggregate per
# section over the public rows' partial indexes): its queries are held, its time is reported.
# That listing is kept for SITEMAP_INDEX_SECONDS, so crawlers are answered from the copy: its
# time is held; the listing itself (made again every 10 minutes at most) is reported.
TIME_REPORTED_ONLY = {
    "sitemap index, listed again": "made at most every 10 minutes; grows with the instance"
}
FROM_ITS_COPY = {"sitemap index, from its 10-minute copy"}
# With pages of 100 ids the index lists a page per 100 public rows, so its bytes grow with the
# instance by design: its time is held per byte listed.
PER_BYTE = FROM_ITS_COPY


def _one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _cast() -> dict:
    """The same roles at each size: the public heavy learner with the most followers (star),
    the one who follows the most (fan), and a light learner who looks at pages (visitor)."""
    from accounts.models import User

    public = "u.is_active AND NOT u.portfolio_hidden"
    star = _one(
        f"SELECT u.id FROM accounts_user u JOIN portfolio_follow f ON f.followed_id = u.id "
        f"WHERE {public} GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1"
    )[0]
    fan = _one(
        f"SELECT u.id FROM accounts_user u JOIN portfolio_follow f ON f.follower_id = u.id "
        f"WHERE {public} GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1"
    )[0]
    visitor = _one(f"SELECT max(u.id) FROM accounts_user u WHERE {public}")[0]
    return {role: User.objects.get(pk=pk) for role, pk in
            (("star", star), ("fan", fan), ("visitor", visitor))}  # fmt: skip


def _pages(cast: dict) -> dict[str, tuple]:
    """name -> (client, path). Clients are made per size (sessions live in that database)."""
    anonymous, fan, visitor = Client(), Client(), Client()
    fan.force_login(cast["fan"])
    visitor.force_login(cast["visitor"])
    star = cast["star"].username
    last_reflections = _one("SELECT max(id) FROM journal_reflection WHERE visibility = 'public'")[0]
    return {
        "discover (people on a similar path)": (anonymous, "/discover/"),
        "sitemap index, listed again": (anonymous, "/sitemap.xml"),
        "sitemap index, from its 10-minute copy": (anonymous, "/sitemap.xml"),
        "sitemap page: learners": (anonymous, "/sitemap-learners-0.xml"),
        "sitemap page: last reflections": (
            anonymous,
            f"/sitemap-reflection-posts-{last_reflections // SITEMAP_PAGE}.xml",
        ),
        "today with follow feed (fan)": (fan, "/today/"),
        "atom feed (most followed)": (anonymous, f"/u/{star}/feed/"),
        "portfolio (heavy learner)": (visitor, f"/u/{star}/"),
    }


def _get(client: Client, path: str, keep: bool = False) -> None:
    if not keep:
        cache.clear()  # what rendering costs, not a cache hit
        answers.clear()
    response = client.get(path)
    if response.status_code != 200:
        raise AssertionError(f"{path} answered {response.status_code}")


@override_settings(SITEMAP_PAGE_SIZE=SITEMAP_PAGE)
def measure(rounds: int) -> dict[str, dict]:
    pages: dict[str, dict] = {}
    for size in SIZES:
        with using(size):
            pages[size] = _pages(_cast())
    results: dict[str, dict] = {}
    for name in pages["default"]:
        keep = name in FROM_ITS_COPY
        figures: dict[str, dict] = {}
        for size in SIZES:
            with using(size):
                client, path = pages[size][name]
                if keep:
                    _get(client, path, keep)  # the copy is made once, then answered from
                figures[size] = {
                    "path": path,
                    "queries": query_count(lambda c=client, p=path, k=keep: _get(c, p, k)),
                }
                figures[size]["bytes"] = len(client.get(path).content)
        samples: dict[str, list[float]] = {size: [] for size in SIZES}
        for _ in range(rounds):
            for size in SIZES:
                with using(size):
                    client, path = pages[size][name]
                    started = time.perf_counter()
                    _get(client, path, keep)
                    samples[size].append((time.perf_counter() - started) * 1000)
        for size in SIZES:
            ordered = sorted(samples[size])
            figures[size]["p50_ms"] = round(statistics.median(ordered), 1)
            figures[size]["p95_ms"] = round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1)
        results[name] = figures
    return results


def report(results: dict[str, dict], big: int, small: int) -> bool:
    """Print each page's figures against its targets; True when one fails."""
    import os

    failed = False
    print(f"\n{'page':38} {'queries':>9} {'p50 ms':>15} {'p95 ms':>15} {'ratio':>6}  verdict")
    print(f"{'':38} {f'{small}/{big}':>9} {f'{small} / {big}':>15}")
    for name, figures in results.items():
        lo, hi = figures["small"], figures["default"]
        ratio = hi["p50_ms"] / lo["p50_ms"] if lo["p50_ms"] else float("inf")
        if name in PER_BYTE:
            ratio *= lo["bytes"] / hi["bytes"]
        same = lo["queries"] == hi["queries"]
        timed = name not in TIME_REPORTED_ONLY
        ok = same and (ratio <= TIME_RATIO_TARGET or not timed)
        failed |= not ok
        verdict = "ok" if ok else "FAIL" + ("" if same else " (queries differ)")
        if not timed:
            verdict += f" (queries only: {TIME_REPORTED_ONLY[name]})"
        if name in PER_BYTE:
            verdict += f" (ratio per byte: {lo['bytes']} / {hi['bytes']} bytes)"
        print(
            f"{name:38} {lo['queries']:>4}/{hi['queries']:<4} "
            f"{lo['p50_ms']:>6} / {hi['p50_ms']:<6} {lo['p95_ms']:>6} / {hi['p95_ms']:<6} "
            f"{ratio:>5.2f}x  {verdict}"
        )
    print(f"targets: the same queries at both sizes; p50 at {big} learners <= "
          f"{TIME_RATIO_TARGET}x p50 at {small}.  load average now: {os.getloadavg()}")  # fmt: skip
    return failed


TABLES = [
    "accounts_user", "journal_studysession", "journal_daytotal", "journal_habitcheckpoint",
    "journal_reflection", "journal_weeklyreview", "curriculum_roadmap", "curriculum_stage",
    "curriculum_item", "training_jobs_trainingjob", "tracking_loggedrun", "portfolio_follow",
]  # fmt: skip


def storage() -> dict:
    """Rows and bytes (table, indexes and TOAST: pg_total_relation_size) per table of the big
    instance, and per heavy learner-year (a heavy learner has three years of history)."""
    from bench.scale.generate import YEARS_OF_HISTORY

    heavy = _one(
        "SELECT count(*) FROM accounts_user WHERE date_joined < now() - interval '3 years'"
    )
    heavy_ids = "(SELECT id FROM accounts_user WHERE date_joined < now() - interval '3 years')"
    learner_years = heavy[0] * YEARS_OF_HISTORY
    tables, per_year_bytes = {}, 0
    for table in TABLES:
        rows, size = _one(f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")
        entry = {"rows": rows, "bytes": size, "bytes_per_row": round(size / rows) if rows else 0}
        if table in {"journal_studysession", "journal_daytotal", "journal_reflection",
                     "journal_weeklyreview"}:  # fmt: skip
            mine = _one(f"SELECT count(*) FROM {table} WHERE learner_id IN {heavy_ids}")[0]
            entry["rows_per_heavy_learner_year"] = round(mine / learner_years, 1)
            per_year_bytes += mine / learner_years * entry["bytes_per_row"]
        tables[table] = entry
    total = _one("SELECT pg_database_size(current_database())")[0]
    return {
        "tables": tables,
        "journal_bytes_per_heavy_learner_year": round(per_year_bytes),
        "database_bytes": total,
    }
