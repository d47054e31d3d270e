from django.urls import path

from projects import api

urlpatterns = [
    path("datasets/", api.DatasetListApi.as_view(), name="dataset-list"),
    path("datasets/<int:dataset_id>/", api.DatasetDetailApi.as_view(), name="dataset-detail"),
    path(
        "datasets/<int:dataset_id>/columns/",
        api.DatasetColumnsApi.as_view(),
        name="dataset-columns",
    ),
]
