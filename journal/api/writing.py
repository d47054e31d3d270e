"""Reflections, weekly reviews and the not-to-do list over the API."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import selectors, services
from journal.api.common import paginated
from journal.forms import parse_iso_week
from journal.models import NOTE_MAX_CHARS, NotToDo, Reflection, WeeklyReview

if TYPE_CHECKING:
    from accounts.models import User


# --- reflections -------------------------------------------------------------------------


class ReflectionOut(serializers.ModelSerializer):
    learner = serializers.CharField(source="learner.username", read_only=True)

    class Meta:
        model = Reflection
        fields = ("id", "learner", "date", "body", "visibility", "published_at", "updated_at")


class ReflectionIn(serializers.Serializer):
    date = serializers.DateField()
    body = serializers.CharField(max_length=NOTE_MAX_CHARS)
    visibility = serializers.CharField(required=False, max_length=10, default="private")


class ReflectionListApi(APIView):
    @extend_schema(responses=ReflectionOut(many=True))
    def get(self, request):
        reflections = Reflection.objects.owned_by(request.user).select_related("learner")
        return paginated(self, reflections, ReflectionOut)

    @extend_schema(request=ReflectionIn, responses={201: ReflectionOut})
    def post(self, request):
        payload = ReflectionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        reflection = services.reflection_write(
            learner=request.user,
            day=data["date"],
            body=data["body"],
            visibility=data["visibility"],
        )
        return Response(ReflectionOut(reflection).data, status=status.HTTP_201_CREATED)


class ReflectionDetailApi(APIView):
    @extend_schema(responses=ReflectionOut)
    def get(self, request, pk: int):
        visible = Reflection.objects.visible_to(request.user).select_related("learner")
        return Response(ReflectionOut(visible.get(pk=pk)).data)

    @extend_schema(request=ReflectionIn(partial=True), responses=ReflectionOut)
    def patch(self, request, pk: int):
        reflection = Reflection.objects.owned_by(request.user).get(pk=pk)
        payload = ReflectionIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if "date" in data and data["date"] != reflection.date:
            raise ValidationError({"date": "A reflection keeps its day; write a new one."})
        reflection = services.reflection_write(
            learner=request.user,
            day=reflection.date,
            body=data.get("body", reflection.body),
            visibility=data.get("visibility", reflection.visibility),
        )
        return Response(ReflectionOut(reflection).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        reflection = Reflection.objects.owned_by(request.user).get(pk=pk)
        services.reflection_delete(learner=request.user, reflection=reflection)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- weekly reviews ----------------------------------------------------------------------

REVIEW_ANSWERS = ("learned", "hardest", "resources", "results", "changes")


class ReviewOut(serializers.ModelSerializer):
    learner = serializers.CharField(source="learner.username", read_only=True)
    week = serializers.CharField(source="iso_week", read_only=True)
    inhale_percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = WeeklyReview
        fields = (
            "id",
            "learner",
            "week",
            "week_start",
            *REVIEW_ANSWERS,
            "on_track",
            "total_minutes",
            "inhale_minutes",
            "exhale_minutes",
            "inhale_percent",
            "items_finished",
            "visibility",
            "published_at",
        )


class ReviewIn(serializers.Serializer):
    week = serializers.CharField(max_length=10, help_text="ISO week, e.g. 2025-W03")
    learned = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)
    hardest = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)
    resources = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)
    results = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)
    changes = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)
    on_track = serializers.BooleanField(required=False, allow_null=True, default=None)
    visibility = serializers.CharField(required=False, max_length=10, default="private")

    def validate_week(self, value: str) -> date:
        try:
            return parse_iso_week(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


def _write_review(learner: User, data: dict) -> WeeklyReview:
    return services.review_write(
        learner=learner,
        week_start=data["week"],
        visibility=data.get("visibility", "private"),
        on_track=data.get("on_track"),
        **{name: data.get(name, "") for name in REVIEW_ANSWERS},
    )


class ReviewListApi(APIView):
    @extend_schema(responses=ReviewOut(many=True))
    def get(self, request):
        reviews = WeeklyReview.objects.owned_by(request.user).select_related("learner")
        return paginated(self, reviews, ReviewOut)

    @extend_schema(request=ReviewIn, responses={201: ReviewOut})
    def post(self, request):
        payload = ReviewIn(data=request.data)
        payload.is_valid(raise_exception=True)
        review = _write_review(request.user, payload.validated_data)
        return Response(ReviewOut(review).data, status=status.HTTP_201_CREATED)


class ReviewDetailApi(APIView):
    @extend_schema(responses=ReviewOut)
    def get(self, request, pk: int):
        visible = WeeklyReview.objects.visible_to(request.user).select_related("learner")
        return Response(ReviewOut(visible.get(pk=pk)).data)

    @extend_schema(request=ReviewIn(partial=True), responses=ReviewOut)
    def patch(self, request, pk: int):
        review = WeeklyReview.objects.owned_by(request.user).get(pk=pk)
        payload = ReviewIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        current = {name: getattr(review, name) for name in REVIEW_ANSWERS}
        current.update(
            week=review.week_start, on_track=review.on_track, visibility=review.visibility
        )
        changes = {k: v for k, v in payload.validated_data.items() if k != "week"}
        if "on_track" not in request.data:
            changes.pop("on_track", None)
        if "visibility" not in request.data:
            changes.pop("visibility", None)
        review = _write_review(request.user, {**current, **changes})
        return Response(ReviewOut(review).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        review = WeeklyReview.objects.owned_by(request.user).get(pk=pk)
        services.review_delete(learner=request.user, review=review)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- not-to-do ---------------------------------------------------------------------------


class NotToDoOut(serializers.ModelSerializer):
    class Meta:
        model = NotToDo
        fields = ("id", "text", "added_at", "retired_at")


class NotToDoIn(serializers.Serializer):
    text = serializers.CharField(max_length=200)


class NotToDoPatchIn(serializers.Serializer):
    retired = serializers.BooleanField()


class NotToDoListApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("retired", bool, description="include retired entries")],
        responses=NotToDoOut(many=True),
    )
    def get(self, request):
        include = request.query_params.get("retired") in ("1", "true", "yes")
        entries = selectors.not_to_do_list(request.user, include_retired=include)
        return Response(NotToDoOut(entries, many=True).data)

    @extend_schema(request=NotToDoIn, responses={201: NotToDoOut})
    def post(self, request):
        payload = NotToDoIn(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = services.not_to_do_add(learner=request.user, **payload.validated_data)
        return Response(NotToDoOut(entry).data, status=status.HTTP_201_CREATED)


class NotToDoDetailApi(APIView):
    @extend_schema(request=NotToDoPatchIn, responses=NotToDoOut)
    def patch(self, request, pk: int):
        entry = NotToDo.objects.owned_by(request.user).get(pk=pk)
        payload = NotToDoPatchIn(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = services.not_to_do_retire(
            learner=request.user, entry=entry, retired=payload.validated_data["retired"]
        )
        return Response(NotToDoOut(entry).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        entry = NotToDo.objects.owned_by(request.user).get(pk=pk)
        services.not_to_do_delete(learner=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)
