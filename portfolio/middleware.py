"""Cached public pages answer before the rest of the middleware runs.

A visitor without a session (or messages) cookie asking for a portfolio, its feed or a badge
gets the cached answer (or a 304) right after the security headers and static files
middleware: the session, CSRF, authentication, messages, time zone and lockout middleware
and the URL resolver would do nothing for them but cost time on every request. So does the
view's own machinery (the lazy user, the conditional-GET decorator, a whole User read), so
the shortcut does only this: one read of the learner's stamp (selectors.public_stamp, three
columns, and None for a hidden, deactivated or unknown learner), the ETag and cache key from
the views' own rules, then a 304 or the cached bytes with the headers the full path sends.
The stamp is read from the database on every request, never kept, so a change (a new post,
hiding the portfolio, a deactivation) shows on the very next request in every process. When
the answer is not in the cache yet (or the page does not exist), the request goes down the
full path, which renders it (or answers 404)."""

import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

MESSAGES_COOKIE = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")
ROUTE = re.compile(r"^/u/(?P<username>[^/]+)/(?:(?P<feed>feed/)|badges/(?P<badge>[^/]+)\.svg)?$")
CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_MODIFIED_SINCE")


class CachedPublicPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # What the full path adds to these answers besides the view's own headers: the
        # session middleware's Vary (the time zone middleware always reads the user, and a
        # signed-in visitor's answer differs) and the clickjacking middleware's.
        self.always = {"Vary": "Cookie", "X-Frame-Options": settings.X_FRAME_OPTIONS}

    def __call__(self, request):
        if (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and request.path_info.startswith("/u/")
        ):
            cookies = request.COOKIES
            if settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies:
                response = self._answer(request)
                if response is not None:
                    return response
        return self.get_response(request)

    def _answer(self, request):
        found = ROUTE.match(request.path_info)
        if found is None:
            return None
        from portfolio import answers, badges, feeds, selectors, views, views_badges

        # The Host is checked as CommonMiddleware checks it on the full path (DisallowedHost:
        # 400), so no cached answer or 304 goes to a request naming a site this is not.
        host = request.get_host()
        username, feed, badge = found.groups()
        if badge is not None and badges.parse_kind(badge) is None:
            return None
        stamp = selectors.public_stamp(username)
        if stamp is None:
            return None  # the full path answers 404
        headers = dict(self.always)
        if badge is not None:
            etag, last_modified = views_badges.badge_etag(stamp, badge), None
        else:
            last_modified = int(stamp.portfolio_changed_at.timestamp())
            headers["Last-Modified"] = http_date(last_modified)
            etag = feeds.feed_etag(stamp) if feed else views.page_etag(stamp)
        headers["ETag"] = quoted = f'"{etag}"'
        not_modified = self._conditional(request, quoted, last_modified)
        if not_modified is not None:
            for name, value in headers.items():
                not_modified.headers[name] = value
            not_modified.headers["Content-Length"] = str(len(not_modified.content))
            return not_modified
        if badge is not None:
            key = views_badges.badge_key(etag)
        elif feed:
            key = feeds.feed_key(etag, f"{request.scheme}://{host}")
        else:
            key = views.page_key(etag)
        cached = answers.get(key)
        if cached is None:
            return None
        if badge is not None:
            content_type, body = views_badges.BADGE_CONTENT_TYPE, cached
            headers.update(views_badges.BADGE_HEADERS)
        elif feed:
            content_type, body = cached
            headers["Cache-Control"] = views.PUBLIC_CACHE_CONTROL
        else:
            content_type, body = "text/html; charset=utf-8", cached
            headers["Cache-Control"] = views.PUBLIC_CACHE_CONTROL
        response = HttpResponse(body, content_type=content_type, headers=headers)
        response.headers["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _conditional(request, quoted_etag: str, last_modified: int | None):
        """A 304 (or 412) as django.views.decorators.http.condition answers it, or None.
        A plain revalidation with this very ETag, the common case, needs no parsing."""
        meta = request.META
        if_none_match = meta.get("HTTP_IF_NONE_MATCH")
        if not any(name in meta for name in CONDITIONS):
            if if_none_match is None:
                return None
            if if_none_match == quoted_etag:
                return HttpResponseNotModified()
        return get_conditional_response(request, etag=quoted_etag, last_modified=last_modified)
