"""Journal pages. Thin: they read through selectors, write through services, and show a
service's ValidationError next to the field. Every page works without JavaScript; htmx only
saves a reload when logging a session or deleting one."""

from __future__ import annotations

from journal.views.common import (
    RECENT_DAYS,
    RECENT_SESSIONS,
    SESSIONS_PER_PAGE,
    UNDO_SESSION_KEY,
    is_htmx,
    next_or,
    own_or_404,
)
from journal.views.csv_pages import csv_export, csv_import
from journal.views.habits import habits_page, pause_delete, pause_list
from journal.views.sessions import (
    kinds_edit,
    on_today,
    render_row,
    session_delete,
    session_detail,
    session_edit,
    session_list,
    session_row,
    session_undo,
)
from journal.views.today_page import (
    in_progress_of,
    session_log,
    timer_discard,
    timer_start,
    timer_stop,
    today,
    today_context,
)
from journal.views.writing import (
    not_to_do_list,
    not_to_do_retire,
    reflection_delete,
    reflection_detail,
    reflection_list,
    review_detail,
    review_edit,
    review_list,
)

__all__ = [
    "SESSIONS_PER_PAGE",
    "UNDO_SESSION_KEY",
    "RECENT_DAYS",
    "RECENT_SESSIONS",
    "next_or",
    "is_htmx",
    "own_or_404",
    "in_progress_of",
    "today_context",
    "today",
    "session_log",
    "timer_start",
    "timer_stop",
    "timer_discard",
    "habits_page",
    "pause_list",
    "pause_delete",
    "session_list",
    "session_detail",
    "on_today",
    "render_row",
    "session_row",
    "session_edit",
    "session_delete",
    "session_undo",
    "kinds_edit",
    "reflection_list",
    "reflection_detail",
    "reflection_delete",
    "review_list",
    "review_edit",
    "review_detail",
    "not_to_do_list",
    "not_to_do_retire",
    "csv_import",
    "csv_export",
]
