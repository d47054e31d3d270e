"""Reads the Today page, the habits page and the API share. Each figure comes from a fixed
number of queries, however long the learner's history: one aggregate of minutes per local day
and kind, and the pure functions in journal.habits decide what it means."""

from __future__ import annotations

from journal.selectors.days import learner_today, learner_zone, local_day_bounds
from journal.selectors.figures import (
    JournalStats,
    _checkpoint_usable,
    _figures,
    _month_end,
    journal_stats,
    week_figures,
)
from journal.selectors.items import (
    OPEN_STATUSES,
    RECENT_ITEMS,
    current_stage,
    in_progress_items,
    item_named_to,
    item_picker,
    items_finished_between,
    own_items,
    public_item_named,
)
from journal.selectors.rows import (
    CHECKPOINT,
    NO_CHECKPOINT,
    PAUSE_END,
    PAUSE_START,
    _text,
    _union_rows,
    daily_kind_minutes,
    daily_kind_minutes_and_pauses,
    kind_choices,
    kind_labels,
    not_to_do_list,
    pauses_of,
    running_timer,
    sessions_of,
)

__all__ = [
    "learner_zone",
    "learner_today",
    "local_day_bounds",
    "own_items",
    "item_named_to",
    "public_item_named",
    "in_progress_items",
    "RECENT_ITEMS",
    "OPEN_STATUSES",
    "item_picker",
    "current_stage",
    "items_finished_between",
    "kind_labels",
    "kind_choices",
    "running_timer",
    "not_to_do_list",
    "sessions_of",
    "daily_kind_minutes",
    "PAUSE_START",
    "PAUSE_END",
    "CHECKPOINT",
    "NO_CHECKPOINT",
    "pauses_of",
    "_text",
    "_union_rows",
    "daily_kind_minutes_and_pauses",
    "JournalStats",
    "_month_end",
    "_checkpoint_usable",
    "journal_stats",
    "_figures",
    "week_figures",
]
