"""The API of a learner's own data sets: upload, list, read the preview, choose columns, delete.
Each view calls the same service as the web pages; others' data sets answer 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import JSONParser
from projects import services
from projects.models import DatasetKind, UploadedDataset
from projects.views import recipes_for


class DatasetSerializer(serializers.ModelSerializer):
    ready = serializers.BooleanField(source="is_ready", read_only=True)
    slug = serializers.CharField(read_only=True)
    recipes = serializers.SerializerMethodField()

    class Meta:
        model = UploadedDataset
        fields = (
            "id",
            "slug",
            "name",
            "kind",
            "original_filename",
            "size_bytes",
            "preview",
            "columns",
            "ready",
            "recipes",
            "created_at",
        )

    def get_recipes(self, dataset) -> list[str]:
        return [r.slug for r in recipes_for(dataset)]


class DatasetUploadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=DatasetKind.choices, required=False)
    file = serializers.FileField()


class ColumnsSerializer(serializers.Serializer):
    columns = serializers.DictField(child=serializers.CharField(max_length=300, allow_blank=True))


class DatasetListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=DatasetSerializer(many=True))
    def get(self, request):
        datasets = UploadedDataset.objects.owned_by(request.user)
        return Response(DatasetSerializer(datasets, many=True).data)

    @extend_schema(request=DatasetUploadSerializer, responses={201: DatasetSerializer})
    def post(self, request):
        payload = DatasetUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        dataset = services.dataset_upload(
            learner=request.user,
            name=payload.validated_data["name"],
            upload=upload,
            filename=upload.name,
            size=upload.size,
            kind=payload.validated_data.get("kind"),
        )
        return Response(DatasetSerializer(dataset).data, status=status.HTTP_201_CREATED)


class DatasetDetailApi(APIView):
    @extend_schema(responses=DatasetSerializer)
    def get(self, request, dataset_id: int):
        dataset = UploadedDataset.objects.owned_by(request.user).get(pk=dataset_id)
        return Response(DatasetSerializer(dataset).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, dataset_id: int):
        services.dataset_delete(learner=request.user, dataset_id=dataset_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DatasetColumnsApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=ColumnsSerializer, responses=DatasetSerializer)
    def post(self, request, dataset_id: int):
        dataset = UploadedDataset.objects.owned_by(request.user).get(pk=dataset_id)  # 404 first
        payload = ColumnsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        dataset = services.dataset_columns_set(
            learner=request.user, dataset_id=dataset.pk, columns=payload.validated_data["columns"]
        )
        return Response(DatasetSerializer(dataset).data)
