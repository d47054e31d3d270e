"""Cached public pages answer before the rest of the middleware runs.

A visitor without a session (or messages) cookie asking for a portfolio, its feed or a badge
gets the cached answer (or a 304) right after the security headers and static files
middleware: the session, CSRF, authentication, messages, time zone and lockout middleware
would do nothing for them but cost time on every request. The views' own functions decide
the answer (ETag, freshness, visibility), so it is the same as the full path's; when it is
not in the cache yet (or the page does not exist), the request goes down the full path,
which renders it."""

import re
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

MESSAGES_COOKIE = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")


class NotCached(Exception):
    """The answer would have to be rendered: let the full middleware stack handle it."""


def _routes():
    from portfolio import feeds, views, views_badges

    return [
        (re.compile(r"^/u/(?P<username>[^/]+)/$"), views.learner_page_from_cache),
        (re.compile(r"^/u/(?P<username>[^/]+)/feed/$"), feeds.feed_from_cache),
        (
            re.compile(r"^/u/(?P<username>[^/]+)/badges/(?P<kind>[^/]+)\.svg$"),
            views_badges.badge_from_cache,
        ),
    ]


class CachedPublicPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.routes = None
        self.sessions = import_module(settings.SESSION_ENGINE)

    def __call__(self, request):
        if (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and MESSAGES_COOKIE not in request.COOKIES
            and request.path_info.startswith("/u/")
        ):
            response = self._from_cache(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _from_cache(self, request):
        if self.routes is None:
            self.routes = _routes()
        for pattern, view in self.routes:
            found = pattern.match(request.path_info)
            if found is None:
                continue
            # What the session and authentication middleware give a visitor without cookies.
            request.session = self.sessions.SessionStore(None)
            request.user = SimpleLazyObject(lambda: get_user(request))
            try:
                response = view(request, **found.groupdict())
            except (NotCached, Http404):
                del request.session, request.user
                return None
            # The full path always reads the user (the time zone middleware does), so the
            # session middleware always adds Vary: Cookie; and a signed-in visitor's answer differs.
            patch_vary_headers(response, ("Cookie",))
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
            if not response.has_header("Content-Length"):  # as CommonMiddleware sets it
                response.headers["Content-Length"] = str(len(response.content))
            return response
        return None
