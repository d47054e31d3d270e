"""The roadmap API: small views, input and output serializers, the same services as the pages.
A learner changes only their own roadmaps and reads others' public ones; anything else is 404."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import JSONParser
from curriculum import services
from curriculum.importing.outline import MAX_FILE_BYTES
from curriculum.models import Item, ItemStatus, Roadmap, Stage
from curriculum.selectors import (
    own_item,
    own_roadmap,
    own_stage,
    roadmap_with_content,
    visible_roadmap,
)

# --- output ----------------------------------------------------------------------------------


class ItemOut(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = (
            "id",
            "stage",
            "position",
            "kind",
            "title",
            "url",
            "estimated_hours",
            "status",
            "started_at",
            "finished_at",
            "status_changed_at",
            "revisit_count",
            "note",
            "checklist",
            "project_slug",
            "resource_key",
            "linked",
        )


class StageOut(serializers.ModelSerializer):
    items = ItemOut(many=True, read_only=True)

    class Meta:
        model = Stage
        fields = (
            "id",
            "roadmap",
            "position",
            "title",
            "kind",
            "planned_weeks",
            "description",
            "items",
        )


class RoadmapOut(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Roadmap
        fields = (
            "id",
            "owner",
            "title",
            "description",
            "visibility",
            "is_template",
            "slug",
            "copied_from",
            "origin_template",
            "started_on",
            "target_end",
            "created_at",
            "updated_at",
        )


class RoadmapDetailOut(RoadmapOut):
    stages = StageOut(many=True, read_only=True)

    class Meta(RoadmapOut.Meta):
        fields = (*RoadmapOut.Meta.fields, "stages")


# --- input -----------------------------------------------------------------------------------


class RoadmapIn(serializers.ModelSerializer):
    class Meta:
        model = Roadmap
        fields = ("title", "description", "visibility", "started_on", "target_end")


class StageIn(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ("title", "kind", "planned_weeks", "description")


class ItemIn(serializers.ModelSerializer):
    stage = serializers.IntegerField(required=False, help_text="Move to this stage.")
    checklist = serializers.ListField(child=serializers.JSONField(), max_length=50, required=False)

    class Meta:
        model = Item
        fields = (
            "title",
            "url",
            "kind",
            "estimated_hours",
            "note",
            "checklist",
            "project_slug",
            "stage",
            "linked",
        )
        extra_kwargs = {
            "linked": {"help_text": "False: a different thing from the same link elsewhere."}
        }


class StepIn(serializers.Serializer):
    text = serializers.CharField(required=False, max_length=10_000, allow_blank=True)
    done = serializers.BooleanField(required=False)


class ReorderIn(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), max_length=3000)


class StatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    confirm = serializers.BooleanField(default=False)


class ImportIn(serializers.Serializer):
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, max_length=MAX_FILE_BYTES, trim_whitespace=False)
    filename = serializers.CharField(required=False, max_length=200, default="")
    base_url = serializers.URLField(required=False, default="")
    url = serializers.URLField(required=False, default="", max_length=2000)
    dry_run = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        given = [bool(data.get("file")), bool(data.get("text")), bool(data.get("url"))]
        if sum(given) != 1:
            raise serializers.ValidationError(
                "Send one of: a file, the text of a roadmap, or the url of one."
            )
        upload = data.get("file")
        if upload is not None and upload.size > MAX_FILE_BYTES:
            raise serializers.ValidationError(
                f"This file is {upload.size / 1_000_000:.1f} MB; Exhale imports roadmaps up "
                f"to {MAX_FILE_BYTES / 1_000_000:.0f} MB."
            )
        return data


class LeftOutOut(serializers.Serializer):
    line = serializers.IntegerField()
    text = serializers.CharField()
    reason = serializers.CharField()


class ImportOut(serializers.Serializer):
    roadmap_id = serializers.IntegerField(allow_null=True)  # null for a dry run
    stages = serializers.IntegerField()
    items = serializers.IntegerField()
    links = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    left_out = LeftOutOut(many=True)


# --- lookups ---------------------------------------------------------------------------------


def _detail(request, pk: int) -> Response:
    roadmap = roadmap_with_content(Roadmap.objects.visible_to(request.user)).get(pk=pk)
    return Response(RoadmapDetailOut(roadmap).data)


# --- roadmaps --------------------------------------------------------------------------------


class RoadmapListApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("scope", str, enum=["mine", "public", "templates"])],
        responses=RoadmapOut(many=True),
    )
    def get(self, request):
        scope = request.query_params.get("scope", "mine")
        visible = Roadmap.objects.visible_to(request.user).select_related("owner")
        if scope == "templates":
            rows = visible.filter(is_template=True)
        elif scope == "public":
            rows = Roadmap.objects.public().filter(is_template=False).select_related("owner")
        else:
            rows = visible.filter(owner=request.user, is_template=False)
        return Response(RoadmapOut(rows.order_by("-updated_at", "id")[:200], many=True).data)

    @extend_schema(request=RoadmapIn, responses={201: RoadmapOut})
    def post(self, request):
        payload = RoadmapIn(data=request.data)
        payload.is_valid(raise_exception=True)
        roadmap = services.roadmap_create(learner=request.user, **payload.validated_data)
        return Response(RoadmapOut(roadmap).data, status=status.HTTP_201_CREATED)


class RoadmapDetailApi(APIView):
    def get_permissions(self):
        # A public roadmap is readable without an account, like its page.
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(responses=RoadmapDetailOut)
    def get(self, request, pk: int):
        visible_roadmap(request.user, pk)
        return _detail(request, pk)

    @extend_schema(request=RoadmapIn, responses=RoadmapOut)
    def patch(self, request, pk: int):
        roadmap = own_roadmap(request.user, pk)
        payload = RoadmapIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        roadmap = services.roadmap_update(
            learner=request.user, roadmap=roadmap, **payload.validated_data
        )
        return Response(RoadmapOut(roadmap).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.roadmap_delete(learner=request.user, roadmap=own_roadmap(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoadmapCopyApi(APIView):
    @extend_schema(request=None, responses={201: RoadmapOut})
    def post(self, request, pk: int):
        source = visible_roadmap(request.user, pk)
        copy = services.roadmap_copy(learner=request.user, source=source)
        return Response(RoadmapOut(copy).data, status=status.HTTP_201_CREATED)


class RoadmapImportApi(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=ImportIn, responses={201: ImportOut})
    def post(self, request):
        payload = ImportIn(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = payload.validated_data
        upload = fields.get("file")
        source = services.roadmap_import_source(
            learner=request.user,
            data=upload.read() if upload else fields.get("text", ""),
            filename=upload.name if upload else fields["filename"],
            base_url=fields["base_url"],
            url=fields["url"],
        )
        outline = services.roadmap_import_preview(source)
        if fields["dry_run"]:
            return Response(ImportOut(services.import_report(outline)).data)
        roadmap = services.roadmap_import(learner=request.user, outline=outline)
        report = services.import_report(outline, roadmap)
        return Response(ImportOut(report).data, status=status.HTTP_201_CREATED)


class RoadmapExportApi(APIView):
    def get_permissions(self):
        return [AllowAny()]

    @extend_schema(
        # Not "format": DRF reads that one for content negotiation.
        parameters=[OpenApiParameter("as", str, enum=["md", "json"])],
        responses={200: str},
    )
    def get(self, request, pk: int):
        roadmap = visible_roadmap(request.user, pk)
        fmt = request.query_params.get("as", "json")
        text = services.roadmap_export(roadmap=roadmap, format=fmt)
        content_type = "application/json" if fmt == "json" else "text/markdown"
        return HttpResponse(text, content_type=f"{content_type}; charset=utf-8")


# --- stages ----------------------------------------------------------------------------------


class StageCreateApi(APIView):
    @extend_schema(request=StageIn, responses={201: StageOut})
    def post(self, request, pk: int):
        roadmap = own_roadmap(request.user, pk)
        payload = StageIn(data=request.data)
        payload.is_valid(raise_exception=True)
        stage = services.stage_create(
            learner=request.user, roadmap=roadmap, **payload.validated_data
        )
        return Response(StageOut(stage).data, status=status.HTTP_201_CREATED)


class StageReorderApi(APIView):
    @extend_schema(request=ReorderIn, responses=RoadmapDetailOut)
    def post(self, request, pk: int):
        roadmap = own_roadmap(request.user, pk)
        payload = ReorderIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.stage_reorder(
            learner=request.user, roadmap=roadmap, stage_ids=payload.validated_data["ids"]
        )
        return _detail(request, pk)


class StageDetailApi(APIView):
    @extend_schema(request=StageIn, responses=StageOut)
    def patch(self, request, pk: int):
        stage = own_stage(request.user, pk)
        payload = StageIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        stage = services.stage_update(learner=request.user, stage=stage, **payload.validated_data)
        return Response(StageOut(stage).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.stage_delete(learner=request.user, stage=own_stage(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StageRestoreApi(APIView):
    @extend_schema(request=None, responses=StageOut)
    def post(self, request, pk: int):
        stage = services.stage_restore(learner=request.user, stage_id=pk)
        return Response(StageOut(stage).data)


# --- items -----------------------------------------------------------------------------------


class ItemCreateApi(APIView):
    @extend_schema(request=ItemIn, responses={201: ItemOut})
    def post(self, request, pk: int):
        stage = own_stage(request.user, pk)
        payload = ItemIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        data.pop("stage", None)
        item = services.item_create(learner=request.user, stage=stage, **data)
        return Response(ItemOut(item).data, status=status.HTTP_201_CREATED)


class ItemReorderApi(APIView):
    @extend_schema(request=ReorderIn, responses=StageOut)
    def post(self, request, pk: int):
        stage = own_stage(request.user, pk)
        payload = ReorderIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.item_reorder(
            learner=request.user, stage=stage, item_ids=payload.validated_data["ids"]
        )
        return Response(StageOut(stage).data)


class ItemDetailApi(APIView):
    @extend_schema(request=ItemIn, responses=ItemOut)
    def patch(self, request, pk: int):
        item = own_item(request.user, pk)
        payload = ItemIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        stage = None
        if "stage" in data:
            stage = own_stage(request.user, data.pop("stage"))
        item = services.item_update(learner=request.user, item=item, stage=stage, **data)
        return Response(ItemOut(item).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.item_delete(learner=request.user, item=own_item(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemRestoreApi(APIView):
    @extend_schema(request=None, responses=ItemOut)
    def post(self, request, pk: int):
        item = services.item_restore(learner=request.user, item_id=pk)
        return Response(ItemOut(item).data)


class ItemStatusApi(APIView):
    @extend_schema(request=StatusIn, responses={200: ItemOut, 409: None})
    def post(self, request, pk: int):
        """Change status. Starting a sixth resource answers 409 with the unfinished ones;
        send confirm=true to start it anyway."""
        item = own_item(request.user, pk)
        payload = StatusIn(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            item = services.item_status_set(
                learner=request.user, item=item, **payload.validated_data
            )
        except services.FocusGuard as guard:
            return Response(
                {
                    "detail": guard.messages[0],
                    "unfinished": [{"id": i.pk, "title": i.title} for i in guard.unfinished],
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(ItemOut(item).data)


class ItemStepCreateApi(APIView):
    @extend_schema(request=StepIn, responses={201: ItemOut})
    def post(self, request, pk: int):
        """Add a step to an item's checklist (at most 50 steps of 300 characters)."""
        item = own_item(request.user, pk)
        payload = StepIn(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.checklist_step_add(
            learner=request.user, item=item, text=payload.validated_data.get("text", "")
        )
        return Response(ItemOut(item).data, status=status.HTTP_201_CREATED)


class ItemStepDetailApi(APIView):
    @extend_schema(request=StepIn, responses=ItemOut)
    def patch(self, request, pk: int, index: int):
        """Rename (text) and/or tick (done) the step at `index` (from 0)."""
        item = own_item(request.user, pk)
        payload = StepIn(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if "text" in data:
            item = services.checklist_step_rename(
                learner=request.user, item=item, index=index, text=data["text"]
            )
        if "done" in data:
            item = services.checklist_step_tick(
                learner=request.user, item=item, index=index, done=data["done"]
            )
        return Response(ItemOut(item).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, index: int):
        item = own_item(request.user, pk)
        services.checklist_step_remove(learner=request.user, item=item, index=index)
        return Response(status=status.HTTP_204_NO_CONTENT)
