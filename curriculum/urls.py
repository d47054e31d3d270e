from django.urls import path

from curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap_list"),
]
