from django.urls import path

from training_jobs import api, api_compare

urlpatterns = [
    path("recipes/", api.RecipeListApi.as_view(), name="recipe-list"),
    path("jobs/", api.JobListApi.as_view(), name="job-list"),
    path("jobs/compare/", api_compare.JobCompareApi.as_view(), name="job-compare"),
    path("jobs/<int:job_id>/", api.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<int:job_id>/cancel/", api.JobCancelApi.as_view(), name="job-cancel"),
    path("jobs/<int:job_id>/retry/", api.JobRetryApi.as_view(), name="job-retry"),
    path("jobs/<int:job_id>/publish/", api.JobPublishApi.as_view(), name="job-publish"),
    path(
        "jobs/<int:job_id>/reference/", api_compare.JobReferenceApi.as_view(), name="job-reference"
    ),
    path(
        "jobs/<int:job_id>/predictions/",
        api.JobPredictionCreateApi.as_view(),
        name="job-prediction-create",
    ),
    path(
        "jobs/<int:job_id>/predictions/<str:token>/",
        api.JobPredictionDetailApi.as_view(),
        name="job-prediction-detail",
    ),
]
