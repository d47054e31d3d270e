"""The journal's API: one small APIView per resource, an input and an output serializer each,
and the same services as the pages. Another learner's private object is 404."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import selectors, services
from journal.forms import parse_iso_week
from journal.kinds import Kind, side_of
from journal.models import (
    NOTE_MAX_CHARS,
    FocusTimer,
    NotToDo,
    Pause,
    Reflection,
    StudySession,
    WeeklyReview,
)

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


# --- sessions ----------------------------------------------------------------------------


class SessionOut(serializers.ModelSerializer):
    learner = serializers.CharField(source="learner.username", read_only=True)
    side = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()

    class Meta:
        model = StudySession
        fields = (
            "id",
            "learner",
            "started_at",
            "local_date",
            "minutes",
            "kind",
            "side",
            "item",
            "note",
            "visibility",
            "published_at",
            "created_at",
        )

    def get_side(self, session) -> str:
        return side_of(session.kind)

    def get_item(self, session) -> int | None:
        """Another learner's session names its item only when the item's roadmap is public
        (`item_shown`, from journal.selectors.item_named_to)."""
        return session.item_id if getattr(session, "item_shown", True) else None


class SessionIn(serializers.Serializer):
    # Ranges and ownership are the service's to check, with the learner's wording.
    minutes = serializers.IntegerField()
    kind = serializers.CharField(max_length=20)
    item = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_CHARS, trim_whitespace=False
    )
    started_at = serializers.DateTimeField(required=False)
    visibility = serializers.CharField(required=False, max_length=10)


class SessionListApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="first local date, e.g. 2025-01-01"),
            OpenApiParameter("to", str, description="last local date"),
        ],
        responses=SessionOut(many=True),
    )
    def get(self, request):
        sessions = StudySession.objects.owned_by(request.user).select_related("learner")
        first, last = parse_date_param(request, "from"), parse_date_param(request, "to")
        if first:
            sessions = sessions.filter(local_date__gte=first)
        if last:
            sessions = sessions.filter(local_date__lte=last)
        return paginated(self, sessions, SessionOut)

    @extend_schema(request=SessionIn, responses={201: SessionOut})
    def post(self, request):
        payload = SessionIn(data=request.data)
        payload.is_valid(raise_exception=True)
        session = services.session_log(learner=request.user, **payload.validated_data)
        return Response(SessionOut(session).data, status=status.HTTP_201_CREATED)


class SessionDetailApi(APIView):
    def own(self, request, pk: int) -> StudySession:
        return StudySession.objects.owned_by(request.user).get(pk=pk)

    @extend_schema(responses=SessionOut)
    def get(self, request, pk: int):
        visible = StudySession.objects.visible_to(request.user).select_related("learner")
        visible = visible.annotate(item_shown=selectors.item_named_to(request.user))
        return Response(SessionOut(visible.get(pk=pk)).data)

    @extend_schema(request=SessionIn(partial=True), responses=SessionOut)
    def patch(self, request, pk: int):
        session = self.own(request, pk)
        payload = SessionIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        session = services.session_update(
            learner=request.user, session=session, **payload.validated_data
        )
        return Response(SessionOut(session).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.session_delete(learner=request.user, session=self.own(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- focus timer -------------------------------------------------------------------------


class TimerOut(serializers.ModelSerializer):
    running = serializers.SerializerMethodField()
    elapsed_minutes = serializers.IntegerField(read_only=True)
    needs_real_minutes = serializers.BooleanField(read_only=True)

    class Meta:
        model = FocusTimer
        fields = (
            "running",
            "started_at",
            "planned_minutes",
            "kind",
            "item",
            "elapsed_minutes",
            "needs_real_minutes",
        )

    def get_running(self, timer) -> bool:
        return timer.stopped_at is None


class TimerStartIn(serializers.Serializer):
    kind = serializers.CharField(max_length=20, default=Kind.CODING)
    item = serializers.IntegerField(required=False, allow_null=True)
    planned_minutes = serializers.IntegerField(required=False, default=90)


class TimerStopIn(serializers.Serializer):
    minutes = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX_CHARS)


class TimerApi(APIView):
    @extend_schema(responses=TimerOut)
    def get(self, request):
        timer = selectors.running_timer(request.user)
        if timer is None:
            return Response({"running": False})
        return Response(TimerOut(timer).data)

    @extend_schema(request=TimerStartIn, responses={201: TimerOut})
    def post(self, request):
        payload = TimerStartIn(data=request.data)
        payload.is_valid(raise_exception=True)
        timer = services.timer_start(learner=request.user, **payload.validated_data)
        return Response(TimerOut(timer).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request):
        services.timer_discard(learner=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimerStopApi(APIView):
    @extend_schema(request=TimerStopIn, responses={201: SessionOut})
    def post(self, request):
        payload = TimerStopIn(data=request.data)
        payload.is_valid(raise_exception=True)
        session = services.timer_stop(learner=request.user, **payload.validated_data)
        return Response(SessionOut(session).data, status=status.HTTP_201_CREATED)


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


def _write_review(learner, data: dict) -> WeeklyReview:
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
