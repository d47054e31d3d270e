"""The table of issue 18, printed at the end of `python -m bench`: one row per measure that
the benchmarks run in this invocation produced, each with its figure, its target and whether
it holds. A benchmark that did not run (or failed) shows its rows as not measured, so a
missing figure never reads as a target held."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    bench: str  # the bench module whose figures hold this measure
    measure: str
    target: str
    holds: Callable[[float], bool]
    figure: Callable[[dict], tuple[float, str]]  # (the ratio, how to show it)


def _rate(run: dict) -> str:
    return f"{run['rps']:,.0f} rps, p50 {run['p50_ms']:.2f} ms, p95 {run['p95_ms']:.2f} ms"


def _against_bare(part: str | None, revalidation: bool) -> Callable[[dict], tuple[float, str]]:
    """The ratio of requests per second against the bare page of the same size (a 304 against
    the bare page's own 304), with both sides' rate and latency."""

    def figure(figures: dict) -> tuple[float, str]:
        found = figures[part] if part else figures
        page, bare = ("page_304", "bare_304") if revalidation else ("page", "bare")
        ratio = found[page]["rps"] / found[bare]["rps"]
        return ratio, f"{ratio:.3f}x ({_rate(found[page])}; bare {_rate(found[bare])})"

    return figure


def _time_ratio(name: str) -> Callable[[dict], tuple[float, str]]:
    def figure(figures: dict) -> tuple[float, str]:
        ratio = figures[f"{name}_time_ratio_3y_over_1w"]
        long, short = figures["three_years"][f"{name}_ms"], figures["one_week"][f"{name}_ms"]
        return ratio, f"{ratio:.2f}x ({long:.1f} ms vs {short:.1f} ms)"

    return figure


def _p95_ratio(action: str) -> Callable[[dict], tuple[float, str]]:
    def figure(figures: dict) -> tuple[float, str]:
        ratio = figures["p95_ratio_training_over_idle"][action]
        busy, idle = figures["training"][action]["p95_ms"], figures["idle"][action]["p95_ms"]
        return ratio, f"{ratio:.2f}x (p95 {busy:.0f} ms vs {idle:.0f} ms idle)"

    return figure


def _at_least(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio >= limit


def _at_most(limit: float) -> Callable[[float], bool]:
    return lambda ratio: ratio <= limit


ROWS = [
    Row("bench_portfolio", "cached portfolio page, rps vs bare page", ">= 0.8x",
        _at_least(0.8), _against_bare(None, False)),
    Row("bench_portfolio", "portfolio 304, rps vs bare 304", ">= 0.9x",
        _at_least(0.9), _against_bare(None, True)),
    Row("bench_portfolio", "cached feed, rps vs bare page", ">= 0.8x",
        _at_least(0.8), _against_bare("feed", False)),
    Row("bench_portfolio", "feed 304, rps vs bare 304", ">= 0.9x",
        _at_least(0.9), _against_bare("feed", True)),
    Row("bench_badges", "badge, rps vs bare page", ">= 0.8x",
        _at_least(0.8), _against_bare(None, False)),
    Row("bench_badges", "badge 304, rps vs bare 304", ">= 0.9x",
        _at_least(0.9), _against_bare(None, True)),
    Row("bench_today", "Today page, 3 years vs 1 week", "<= 1.3x",
        _at_most(1.3), _time_ratio("today")),
    Row("bench_today", "stats API, 3 years vs 1 week", "<= 1.3x",
        _at_most(1.3), _time_ratio("stats")),
    *(
        Row("bench_responsive", f"{action} while training, p95 vs idle", "<= 1.5x",
            _at_most(1.5), _p95_ratio(action))
        for action in ("today", "log_session", "timer_start", "timer_stop")
    ),
]  # fmt: skip

BENCHES = sorted({row.bench for row in ROWS})


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def table(results: dict[str, dict | None]) -> tuple[str, bool]:
    """The summary as a Markdown table over the rows whose bench ran, and whether every one
    of them holds (False when a row's bench failed)."""
    lines = ["| measure | figure | target | holds |", "|---|---|---|---|"]
    every = True
    for row in ROWS:
        if row.bench not in results:
            continue
        figures = results[row.bench]
        if figures is None:
            shown, holds = "not measured (the benchmark failed)", False
        else:
            try:
                ratio, shown = row.figure(figures)
            except (KeyError, TypeError, ZeroDivisionError) as exc:
                ratio, shown = None, f"not measured ({exc.__class__.__name__}: {exc})"
            holds = ratio is not None and row.holds(ratio)
        every = every and holds
        lines.append(f"| {row.measure} | {shown} | {row.target} | {'yes' if holds else 'NO'} |")
    return "\n".join(lines), every
