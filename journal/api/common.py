"""What every journal endpoint shares: paging and date parameters."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_STATS_DAYS = 366 * 10


def paginated(view: APIView, queryset, serializer_class) -> Response:
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def parse_date_param(request, name: str) -> date | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: "Give a date like 2025-01-31."}) from None
