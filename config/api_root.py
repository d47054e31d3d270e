"""GET /api/: the API's front door, linking every list endpoint and the docs, so a visitor who
types the address finds the way in instead of a 404."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


def _plain_routes(patterns, prefix: str = "") -> list[str]:
    """URL names under the api namespace that take no argument (lists, stats, the timer)."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _plain_routes(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            names.append(pattern.name)
    return names


class ApiRoot(APIView):
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        resolver = get_resolver().namespace_dict["api"][1]
        skip = {"root", "schema", "docs"}
        links = {
            name: request.build_absolute_uri(reverse(f"api:{name}"))
            for name in sorted(set(_plain_routes(resolver.url_patterns)) - skip)
        }
        return Response(
            {
                "docs": request.build_absolute_uri(reverse("api:docs")),
                "schema": request.build_absolute_uri(reverse("api:schema")),
                "authentication": "Send 'Authorization: Token <key>'; make a key under "
                "Account → API tokens.",
                "endpoints": links,
            }
        )
