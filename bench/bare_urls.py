"""The project's URLs plus one bare Django page: the baseline the benchmarks measure against.
/bench/bare/<size>/ answers `size` bytes of HTML (as many as the page it is compared with)
through the same middleware, and a 304 to If-None-Match: "bare"."""

from django.http import HttpResponse, HttpResponseNotModified
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

HEAD = b"<!doctype html><title>bare</title><p>bare Django page</p>"


def bare_page(request, size: int = len(HEAD)):
    if request.headers.get("If-None-Match") == '"bare"':
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(HEAD + b" " * max(0, size - len(HEAD)))
    response["ETag"] = '"bare"'
    return response


urlpatterns = [
    path("bench/bare/", bare_page),
    path("bench/bare/<int:size>/", bare_page),
    *project_urlpatterns,
]
