"""`make bench-scale`: a 10,000-learner instance against a 100-learner one on PostgreSQL.
See bench/scale/__main__.py."""

from contextlib import contextmanager


@contextmanager
def using(alias: str):
    """Run the app against another configured database: the pages, the ORM and raw cursors
    all reach `connections["default"]`, so that name is pointed at `alias` for a while."""
    from django.db import connections

    home = connections["default"]
    connections["default"] = connections[alias]
    try:
        yield
    finally:
        connections["default"] = home
