"""Pauses, kind labels and the stats over the API."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import selectors, services
from journal.api.common import MAX_STATS_DAYS, parse_date_param
from journal.kinds import Kind, side_of
from journal.models import Pause

# --- pauses ------------------------------------------------------------------------------


class PauseOut(serializers.ModelSerializer):
    class Meta:
        model = Pause
        fields = ("id", "start", "end", "note", "days", "created_at")

    days = serializers.IntegerField(read_only=True)


class PauseIn(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class PauseListApi(APIView):
    @extend_schema(responses=PauseOut(many=True))
    def get(self, request):
        """The learner's sick/holiday pauses, latest first."""
        return Response(PauseOut(selectors.pauses_of(request.user), many=True).data)

    @extend_schema(request=PauseIn, responses={201: PauseOut})
    def post(self, request):
        payload = PauseIn(data=request.data)
        payload.is_valid(raise_exception=True)
        pause = services.pause_add(learner=request.user, **payload.validated_data)
        return Response(PauseOut(pause).data, status=status.HTTP_201_CREATED)


class PauseDetailApi(APIView):
    @extend_schema(responses=PauseOut)
    def get(self, request, pk: int):
        return Response(PauseOut(Pause.objects.owned_by(request.user).get(pk=pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        pause = Pause.objects.owned_by(request.user).get(pk=pk)
        services.pause_delete(learner=request.user, pause=pause)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- kinds -------------------------------------------------------------------------------


class KindLabelsIn(serializers.Serializer):
    labels = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=40))

    def validate_labels(self, value: dict) -> dict:
        unknown = set(value) - set(Kind.values)
        if unknown:
            raise serializers.ValidationError(f"Unknown kinds: {', '.join(sorted(unknown))}.")
        return value


class KindOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    side = serializers.CharField()


class KindsApi(APIView):
    @extend_schema(responses=KindOut(many=True))
    def get(self, request):
        labels = selectors.kind_labels(request.user)
        return Response([{"kind": k, "label": labels[k], "side": side_of(k)} for k in Kind.values])

    @extend_schema(request=KindLabelsIn, responses=KindOut(many=True))
    def patch(self, request):
        payload = KindLabelsIn(data=request.data)
        payload.is_valid(raise_exception=True)
        for kind, label in payload.validated_data["labels"].items():
            services.kind_label_set(learner=request.user, kind=kind, label=label)
        return self.get(request)


# --- stats -------------------------------------------------------------------------------


def split_out(split) -> dict:
    return {
        "inhale_minutes": split.inhale,
        "exhale_minutes": split.exhale,
        "total_minutes": split.total,
        "inhale_percent": split.inhale_percent,
        "exhale_percent": split.exhale_percent,
    }


class StatsApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="first local date (default: 364 days ago)"),
            OpenApiParameter("to", str, description="last local date (default: today)"),
        ],
        responses={200: dict},
    )
    def get(self, request):
        """Every figure of the Today page: streaks and habit score as of `to`; minutes and
        inhale/exhale ratio within [from, to]; today's minutes; this week's split and nudge."""
        learner = request.user
        today = selectors.learner_today(learner)
        last = parse_date_param(request, "to") or today
        first = parse_date_param(request, "from") or last - timedelta(days=364)
        if first > last:
            raise ValidationError({"from": "'from' must be on or before 'to'."})
        if (last - first).days > MAX_STATS_DAYS:
            raise ValidationError({"from": "Ask for at most ten years at a time."})
        if last > today + timedelta(days=1):
            raise ValidationError({"to": "'to' is in the future."})
        stats = selectors.journal_stats(learner, first=first, last=last, today=today)
        return Response(
            {
                "from": stats.first,
                "to": stats.last,
                "today": stats.today,
                "timezone": learner.timezone,
                "minutes": stats.minutes,
                "days_practised": stats.days_practised,
                "ratio": split_out(stats.split),
                "target": {
                    "daily_minutes": stats.daily_target_minutes,
                    "inhale_percent": stats.inhale_target_percent,
                    "exhale_percent": stats.exhale_target_percent,
                    "rest_weekdays": sorted(learner.rest_weekday_numbers),
                },
                "current_streak": stats.current_streak,
                "streak_freezes": {
                    "per_month": stats.freezes_per_month,
                    "left_this_month": stats.freezes_left,
                    "frozen_days": [
                        d for d in stats.forgiveness.frozen if stats.first <= d <= stats.last
                    ],
                },
                "paused_today": stats.paused_today,
                "longest_streak": stats.longest_streak,
                "habit_score": round(stats.habit_score, 2),
                "today_minutes": stats.today_minutes,
                "week": {"start": stats.week_start, **split_out(stats.week)},
                "week_nudge": stats.week_nudge,
                "month": split_out(stats.month),
                "weeks": [{"start": start, **split_out(split)} for start, split in stats.weeks],
                "months": [
                    {"start": start, **split_out(split)}
                    for start, split in stats.months
                    if start <= stats.last
                ],
            }
        )
