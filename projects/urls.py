from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("datasets/", views.dataset_list, name="dataset_list"),
    path("datasets/upload/", views.dataset_upload, name="dataset_upload"),
    path("datasets/<int:dataset_id>/", views.dataset_detail, name="dataset_detail"),
    path("datasets/<int:dataset_id>/delete/", views.dataset_delete, name="dataset_delete"),
    path("<slug:slug>/", views.detail, name="detail"),
]
