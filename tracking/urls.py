from django.urls import path

from tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("guide/", views.guide, name="guide"),
    path("<str:run_id>/", views.run_detail, name="detail"),
    path("<str:run_id>/publish", views.run_publish, name="publish"),
    path("<str:run_id>/log-session", views.run_log_session, name="log-session"),
    path("<str:run_id>/artifacts/<path:path>", views.run_artifact, name="artifact"),
    path("projects/<int:experiment_id>/link", views.experiment_link, name="experiment-link"),
]
