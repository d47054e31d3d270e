"""Mounted at /mlflow/: the tracking URI a learner gives the MLflow client."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from tracking import artifacts, rest

app_name = "mlflow"
api = "api/2.0/mlflow/"
urlpatterns = [
    # The client prints "View run at <site>/mlflow/#/experiments/…"; a browser lands on the
    # learner's runs instead of a 401 in JSON (the fragment never reaches the server).
    path("", RedirectView.as_view(pattern_name="tracking:list"), name="home"),
    path(
        f"{api}experiments/get-by-name", rest.experiment_get_by_name, name="experiment-get-by-name"
    ),
    path(f"{api}experiments/get", rest.experiment_get, name="experiment-get"),
    path(f"{api}experiments/create", rest.experiment_create, name="experiment-create"),
    path(f"{api}experiments/search", rest.experiment_search, name="experiment-search"),
    path(f"{api}runs/create", rest.run_create, name="run-create"),
    path(f"{api}runs/get", rest.run_get, name="run-get"),
    path(f"{api}runs/update", rest.run_update, name="run-update"),
    path(f"{api}runs/delete", rest.run_delete, name="run-delete"),
    path(f"{api}runs/restore", rest.run_restore, name="run-restore"),
    path(f"{api}runs/log-batch", rest.run_log_batch, name="run-log-batch"),
    path(f"{api}runs/log-metric", rest.run_log_metric, name="run-log-metric"),
    path(f"{api}runs/log-parameter", rest.run_log_parameter, name="run-log-parameter"),
    path(f"{api}runs/set-tag", rest.run_set_tag, name="run-set-tag"),
    path(f"{api}runs/search", rest.run_search, name="run-search"),
    path(f"{api}metrics/get-history", rest.metric_history, name="metric-history"),
    path(f"{api}logged-models/search", rest.logged_models_search, name="logged-models-search"),
    path("api/2.0/mlflow-artifacts/artifacts", artifacts.artifact_list, name="artifact-list"),
    path("api/2.0/mlflow-artifacts/artifacts/<path:path>", artifacts.artifact, name="artifact"),
    re_path(r"^(?P<rest>.*)$", rest.not_supported, name="not-supported"),
]
