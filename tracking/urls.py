from django.urls import path

from tracking import views, views_notebooks

app_name = "tracking"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("guide/", views.guide, name="guide"),
    path("notebooks/", views_notebooks.notebook_list, name="notebooks"),
    path("notebooks/<int:notebook_id>/", views_notebooks.notebook_detail, name="notebook"),
    path(
        "notebooks/<int:notebook_id>/publish",
        views_notebooks.notebook_publish,
        name="notebook-publish",
    ),
    path(
        "notebooks/<int:notebook_id>/delete",
        views_notebooks.notebook_delete,
        name="notebook-delete",
    ),
    path(
        "notebooks/<int:notebook_id>/v<int:version>/<str:name>",
        views_notebooks.notebook_image,
        name="notebook-image",
    ),
    path("<str:run_id>/", views.run_detail, name="detail"),
    path("<str:run_id>/publish", views.run_publish, name="publish"),
    path("<str:run_id>/compare", views.run_compare, name="compare"),
    path("<str:run_id>/reference", views.run_pin_reference, name="reference"),
    path("<str:run_id>/log-session", views.run_log_session, name="log-session"),
    path("<str:run_id>/artifacts/<path:path>", views.run_artifact, name="artifact"),
    path("projects/<int:experiment_id>/link", views.experiment_link, name="experiment-link"),
]
