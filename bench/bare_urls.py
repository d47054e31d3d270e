"""The project's URLs plus one bare Django page: the baseline the benchmarks measure against."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def bare_page(request):
    return HttpResponse("<!doctype html><title>bare</title><p>bare Django page</p>")


urlpatterns = [path("bench/bare/", bare_page), *project_urlpatterns]
