"""The API of training runs: list, start, read (with epochs), cancel, retry, publish; and the
recipes with their parameter specs. Each view calls the same service as the web pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttle import client_address
from projects.recipes import all_recipes
from training_jobs import demos, services
from training_jobs.api_compare import queue_fields
from training_jobs.models import EpochMetric, TrainingJob
from training_jobs.selectors import job_visible


class EpochSerializer(serializers.ModelSerializer):
    class Meta:
        model = EpochMetric
        fields = ("epoch", "train_loss", "valid_loss", "metric")


class JobSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    recipe = serializers.CharField(source="recipe_slug")
    dataset = serializers.CharField(source="dataset_slug")
    url = serializers.SerializerMethodField()
    worker_host = serializers.SerializerMethodField(
        help_text="The machine that ran the job; only its owner sees it (null for others)."
    )

    class Meta:
        model = TrainingJob
        fields = (
            "id",
            "url",
            "owner",
            "recipe",
            "dataset",
            "params",
            "item",
            "retry_of",
            "status",
            "queue",
            "device",
            "worker_host",
            "queued_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "cancel_requested",
            "epochs_done",
            "epochs_total",
            "metric_name",
            "baselines",
            "metrics",
            "error",
            "artifacts",
            "published",
        )

    def get_url(self, job) -> str:
        return f"/jobs/{job.pk}/"

    def get_worker_host(self, job) -> str | None:
        # A machine's name is the site's business and the run owner's, not every visitor's.
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        is_owner = viewer is not None and viewer.is_authenticated and viewer.pk == job.owner_id
        return job.worker_host if is_owner else None


class JobDetailSerializer(JobSerializer):
    epochs = EpochSerializer(many=True, read_only=True)

    class Meta(JobSerializer.Meta):
        fields = (*JobSerializer.Meta.fields, "epochs", "log_tail")


def _detail(job, request) -> dict:
    return JobDetailSerializer(job, context={"request": request}).data


class JobStartSerializer(serializers.Serializer):
    recipe = serializers.CharField(max_length=60)
    params = serializers.DictField(required=False, default=dict)
    sample = serializers.CharField(required=False, allow_blank=True, max_length=40)
    dataset = serializers.CharField(required=False, allow_blank=True, max_length=80)
    item = serializers.IntegerField(required=False, allow_null=True)


class PublishSerializer(serializers.Serializer):
    published = serializers.BooleanField(default=True)


class JobListApi(APIView):
    @extend_schema(responses=JobSerializer(many=True))
    def get(self, request):
        jobs = TrainingJob.objects.owned_by(request.user).order_by("-queued_at")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(jobs, request, view=self)
        return paginator.get_paginated_response(
            JobSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(request=JobStartSerializer, responses={201: JobDetailSerializer})
    def post(self, request):
        payload = JobStartSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        job = services.start_run(
            learner=request.user,
            recipe_slug=data["recipe"],
            params=data.get("params") or {},
            sample=data.get("sample") or None,
            dataset=data.get("dataset") or None,
            item=data.get("item"),
        )
        return Response(_detail(job, request), status=status.HTTP_201_CREATED)


class JobDetailApi(APIView):
    permission_classes = [AllowAny]  # published runs are public; the rest is the owner's

    @extend_schema(responses=JobDetailSerializer)
    def get(self, request, job_id: int):
        job = job_visible(viewer=request.user, job_id=job_id)
        data = _detail(job, request)
        if job.owner_id != getattr(request.user, "pk", None):
            data.pop("log_tail")
            data["item"] = None  # the roadmap milestone is the owner's, as on the run page
        data.update(queue_fields(job))  # queue_position, expected_start: null unless queued
        return Response(data)


class JobCancelApi(APIView):
    @extend_schema(request=None, responses=JobDetailSerializer)
    def post(self, request, job_id: int):
        job = services.cancel_run(learner=request.user, job_id=job_id)
        return Response(_detail(job, request))


class JobRetryApi(APIView):
    @extend_schema(request=None, responses={201: JobDetailSerializer})
    def post(self, request, job_id: int):
        job = services.retry_run(learner=request.user, job_id=job_id)
        return Response(_detail(job, request), status=status.HTTP_201_CREATED)


class JobPublishApi(APIView):
    @extend_schema(request=PublishSerializer, responses=JobDetailSerializer)
    def post(self, request, job_id: int):
        payload = PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = services.publish_run(
            learner=request.user, job_id=job_id, published=payload.validated_data["published"]
        )
        return Response(_detail(job, request))


class RecipeListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=None)
    def get(self, request):
        return Response(
            [
                {
                    "slug": r.slug,
                    "title": r.title,
                    "lesson": r.lesson,
                    "summary": r.summary,
                    "metric": r.metric,
                    "baseline": r.baseline_help,
                    "datasets": [
                        {"slug": d.slug, "title": d.title, "kind": d.kind} for d in r.datasets
                    ],
                    "params": [
                        {
                            "name": p.name,
                            "label": p.label,
                            "type": p.kind.__name__,
                            "default": p.default,
                            "minimum": p.minimum,
                            "maximum": p.maximum,
                            "minimum_exclusive": p.min_exclusive,
                            "help": p.help,
                        }
                        for p in r.params
                    ],
                }
                for r in all_recipes()
            ]
        )


class PredictionSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField()
    result = serializers.DictField(required=False)
    error = serializers.CharField(required=False)
    url = serializers.CharField()


def _refusal_body(refused) -> dict:
    if refused.status == status.HTTP_400_BAD_REQUEST:
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in refused.messages.items()
        }
    return {"detail": str(refused)}


def _prediction_data(job, token: str, answer: dict) -> dict:
    return {"id": token, **answer, "url": f"/api/jobs/{job.pk}/predictions/{token}/"}


class JobPredictionCreateApi(APIView):
    """Start a demo prediction: JSON fields ({"text": ...}, {"user": ..., "count": ...}, the
    table's columns) or a multipart "image". The owner always may; anyone on a published run,
    rate-limited per address."""

    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={202: PredictionSerializer})
    def post(self, request, job_id: int):
        job = job_visible(viewer=request.user, job_id=job_id)
        upload = request.FILES.get("image")
        if upload is not None and upload.size > demos.MAX_IMAGE_BYTES:
            image = b"x" * (demos.MAX_IMAGE_BYTES + 1)
        else:
            image = upload.read() if upload is not None else None
        data = {k: v for k, v in request.data.items() if k != "image"}
        try:
            demo = demos.demo_gate(
                job=job,
                viewer=request.user,
                address=client_address(request),
                data=data,
                image=image,
            )
        except demos.DemoRefused as refused:
            return Response(_refusal_body(refused), status=refused.status)
        token = demos.prediction_request(job=job, kind=demo.kind, payload=demo.payload)
        return Response(
            _prediction_data(job, token, {"status": "pending"}), status=status.HTTP_202_ACCEPTED
        )


class JobPredictionDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PredictionSerializer)
    def get(self, request, job_id: int, token: str):
        job = job_visible(viewer=request.user, job_id=job_id)
        # An unknown or forgotten token reads as "expired", as on the page.
        answer = demos.prediction_result(job=job, token=token)
        return Response(_prediction_data(job, token, answer))
