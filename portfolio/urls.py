from django.urls import path

from portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("u/<str:username>/", views.learner_page, name="learner"),
]
