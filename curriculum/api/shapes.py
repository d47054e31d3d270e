"""What the roadmap API reads and answers: the input and output serializers, and the
roadmap detail every change answers with."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response

from curriculum.importing.outline import MAX_FILE_BYTES
from curriculum.models import Item, ItemStatus, Roadmap, Stage
from curriculum.selectors import roadmap_with_content

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
