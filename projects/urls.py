from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.detail, name="detail"),
]
