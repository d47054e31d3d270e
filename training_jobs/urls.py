from django.urls import path

from training_jobs import views, views_compare

app_name = "training_jobs"

urlpatterns = [
    path("", views.history, name="history"),
    path("compare/", views_compare.compare_runs, name="compare"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/live/", views.live, name="live"),
    path("<int:job_id>/cancel/", views.cancel, name="cancel"),
    path("<int:job_id>/retry/", views.retry, name="retry"),
    path("<int:job_id>/publish/", views.publish, name="publish"),
    path("<int:job_id>/reference/", views_compare.pin_reference, name="reference"),
    path("<int:job_id>/files/<str:name>", views.artifact, name="artifact"),
    path("<int:job_id>/try/", views.try_it, name="try_it"),
    path("<int:job_id>/try/<str:token>/", views.try_result, name="try_result"),
]
