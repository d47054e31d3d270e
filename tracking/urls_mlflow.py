"""Mounted at /mlflow/: the tracking URI a learner gives the MLflow client."""

from django.urls import path, re_path

from tracking import artifacts, rest

api = "api/2.0/mlflow/"
urlpatterns = [
    path(f"{api}experiments/get-by-name", rest.experiment_get_by_name),
    path(f"{api}experiments/get", rest.experiment_get),
    path(f"{api}experiments/create", rest.experiment_create),
    path(f"{api}experiments/search", rest.experiment_search),
    path(f"{api}runs/create", rest.run_create),
    path(f"{api}runs/get", rest.run_get),
    path(f"{api}runs/update", rest.run_update),
    path(f"{api}runs/delete", rest.run_delete),
    path(f"{api}runs/restore", rest.run_restore),
    path(f"{api}runs/log-batch", rest.run_log_batch),
    path(f"{api}runs/log-metric", rest.run_log_metric),
    path(f"{api}runs/log-parameter", rest.run_log_parameter),
    path(f"{api}runs/set-tag", rest.run_set_tag),
    path(f"{api}runs/search", rest.run_search),
    path(f"{api}metrics/get-history", rest.metric_history),
    path(f"{api}logged-models/search", rest.logged_models_search),
    path("api/2.0/mlflow-artifacts/artifacts", artifacts.artifact_list),
    path("api/2.0/mlflow-artifacts/artifacts/<path:path>", artifacts.artifact),
    re_path(r"^(?P<rest>.*)$", rest.not_supported),
]
