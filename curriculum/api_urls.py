from django.urls import path

from curriculum import api

urlpatterns = [
    path("roadmaps/", api.RoadmapListApi.as_view(), name="roadmap-list"),
    path("roadmaps/import/", api.RoadmapImportApi.as_view(), name="roadmap-import"),
    path("roadmaps/<int:pk>/", api.RoadmapDetailApi.as_view(), name="roadmap-detail"),
    path("roadmaps/<int:pk>/copy/", api.RoadmapCopyApi.as_view(), name="roadmap-copy"),
    path("roadmaps/<int:pk>/export/", api.RoadmapExportApi.as_view(), name="roadmap-export"),
    path("roadmaps/<int:pk>/stages/", api.StageCreateApi.as_view(), name="roadmap-stage-create"),
    path(
        "roadmaps/<int:pk>/stages/reorder/",
        api.StageReorderApi.as_view(),
        name="roadmap-stage-reorder",
    ),
    path("stages/<int:pk>/", api.StageDetailApi.as_view(), name="roadmap-stage-detail"),
    path("stages/<int:pk>/restore/", api.StageRestoreApi.as_view(), name="roadmap-stage-restore"),
    path("stages/<int:pk>/items/", api.ItemCreateApi.as_view(), name="roadmap-item-create"),
    path(
        "stages/<int:pk>/items/reorder/", api.ItemReorderApi.as_view(), name="roadmap-item-reorder"
    ),
    path("items/<int:pk>/", api.ItemDetailApi.as_view(), name="roadmap-item-detail"),
    path("items/<int:pk>/restore/", api.ItemRestoreApi.as_view(), name="roadmap-item-restore"),
    path("items/<int:pk>/status/", api.ItemStatusApi.as_view(), name="roadmap-item-status"),
    path("items/<int:pk>/steps/", api.ItemStepCreateApi.as_view(), name="roadmap-item-steps"),
    path(
        "items/<int:pk>/steps/<int:index>/",
        api.ItemStepDetailApi.as_view(),
        name="roadmap-item-step",
    ),
]
