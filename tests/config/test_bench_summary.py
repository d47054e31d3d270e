"""bench/summary.py: issue 18's table says a target holds only for a figure that meets it, and
a benchmark that failed never reads as held."""

from bench import summary


def _wrk(rps: float) -> dict:
    return {"rps": rps, "p50_ms": 1.0, "p95_ms": 2.0}


def _against_bare(page: float, page_304: float) -> dict:
    return {
        "page": _wrk(page),
        "bare": _wrk(1000),
        "page_304": _wrk(page_304),
        "bare_304": _wrk(1000),
    }


def test_each_row_holds_only_when_its_figure_meets_the_target():
    results = {"bench_badges": _against_bare(page=800, page_304=899)}

    rows, every = summary.table(results)

    assert "| badge, rps vs bare page | 0.800x (800 rps" in rows and "| >= 0.8x | yes |" in rows
    assert "| badge 304, rps vs bare 304 | 0.899x (899 rps" in rows
    assert rows.splitlines()[-1].endswith("| >= 0.9x | NO |")
    assert every is False
    assert "Today page" not in rows  # only the benchmarks that ran have rows


def test_a_failed_or_incomplete_benchmark_never_reads_as_held():
    rows, every = summary.table({"bench_today": None, "bench_responsive": {"idle": {}}})

    assert every is False
    assert rows.count("| NO |") == 2 + 4 and "| yes |" not in rows
    assert "not measured (the benchmark failed)" in rows and "not measured (KeyError" in rows


def test_every_row_of_issue_18_is_in_the_table():
    results = {
        "bench_portfolio": {**_against_bare(900, 950), "feed": _against_bare(850, 920)},
        "bench_badges": _against_bare(900, 950),
        "bench_today": {
            "today_time_ratio_3y_over_1w": 1.1,
            "stats_time_ratio_3y_over_1w": 1.31,
            "one_week": {"today_ms": 10.0, "stats_ms": 4.0},
            "three_years": {"today_ms": 11.0, "stats_ms": 5.2},
        },
        "bench_responsive": {
            "p95_ratio_training_over_idle": dict.fromkeys(
                ("today", "log_session", "timer_start", "timer_stop"), 1.5
            ),
            "idle": dict.fromkeys(
                ("today", "log_session", "timer_start", "timer_stop"), {"p95_ms": 10}
            ),
            "training": dict.fromkeys(
                ("today", "log_session", "timer_start", "timer_stop"), {"p95_ms": 15}
            ),
        },
    }

    rows, every = summary.table(results)

    assert len(rows.splitlines()) == 2 + len(summary.ROWS) == 2 + 12
    assert rows.count("| yes |") == 11 and "| stats API, 3 years vs 1 week | 1.31x" in rows
    assert every is False
