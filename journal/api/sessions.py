"""Sessions and the focus timer over the API."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from journal import selectors, services
from journal.api.common import paginated, parse_date_param
from journal.kinds import Kind, side_of
from journal.models import NOTE_MAX_CHARS, FocusTimer, StudySession

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
