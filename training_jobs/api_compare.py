"""The API of run comparison and of the reference run; the same reads and write as the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from projects.recipes import higher_is_better
from training_jobs import compare
from training_jobs.models import TrainingJob
from training_jobs.queue import queue_place


def queue_fields(job: TrainingJob) -> dict:
    """`queue_position`, `expected_start` and `workers_alive` (the workers on the run's queue
    the estimate counted; null when they did not answer) for the job detail API: null unless
    queued."""
    place = queue_place(job)
    return {
        "queue_position": place.position if place else None,
        "expected_start": place.expected_start.isoformat() if place else None,
        "workers_alive": place.workers.count if place and place.workers.known else None,
    }


class ReferenceSerializer(serializers.Serializer):
    pinned = serializers.BooleanField(default=True)


class JobCompareApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("ids", str, description="2 to 10 run ids: 1,2,3")],
        responses=None,
    )
    def get(self, request):
        ids = compare.parse_run_ids(request.query_params.getlist("ids"))
        try:
            runs = compare.runs_to_compare(learner=request.user, ids=ids)
        except TrainingJob.DoesNotExist:
            raise Http404 from None
        table = compare.comparison(runs, higher_is_better=higher_is_better(runs[0].recipe_slug))
        return Response(
            {
                "recipe": table["recipe"],
                "metric_name": table["metric_name"],
                "higher_is_better": table["higher_is_better"],
                "differing_params": [row.name for row in table["params"] if row.differs],
                "runs": [
                    {
                        "id": row["job"].pk,
                        "url": f"/jobs/{row['job'].pk}/",
                        "status": row["job"].status,
                        "published": row["job"].published,
                        "is_reference": row["job"].is_reference,
                        "params": row["job"].params,
                        "metric": row["metric"],
                        "baselines": {b["name"]: b for b in row["baselines"]},
                        "epochs": [
                            {"epoch": e, "valid_loss": v, "train_loss": t}
                            for e, v, t in row["epochs"]
                        ],
                    }
                    for row in table["run_rows"]
                ],
            }
        )


class JobReferenceApi(APIView):
    @extend_schema(request=ReferenceSerializer, responses=None)
    def post(self, request, job_id: int):
        payload = ReferenceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            job = compare.reference_pin(
                learner=request.user, job_id=job_id, pinned=payload.validated_data["pinned"]
            )
        except TrainingJob.DoesNotExist:
            raise Http404 from None
        return Response({"id": job.pk, "recipe": job.recipe_slug, "is_reference": job.is_reference})
