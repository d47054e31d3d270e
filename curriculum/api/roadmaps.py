"""Roadmaps over the API: list, create, change, delete, copy, import, export."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import JSONParser
from curriculum import services
from curriculum.api.shapes import (
    ImportIn,
    ImportOut,
    RoadmapDetailOut,
    RoadmapIn,
    RoadmapOut,
    _detail,
)
from curriculum.models import Roadmap
from curriculum.selectors import own_roadmap, visible_roadmap

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
