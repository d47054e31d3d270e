"""Stages, items and checklist steps over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from curriculum import services
from curriculum.api.shapes import (
    ItemIn,
    ItemOut,
    ReorderIn,
    RoadmapDetailOut,
    StageIn,
    StageOut,
    StatusIn,
    StepIn,
    _detail,
)
from curriculum.selectors import own_item, own_roadmap, own_stage

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
