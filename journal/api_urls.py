from django.urls import path

from journal import api

urlpatterns = [
    path("sessions/", api.SessionListApi.as_view(), name="journal-session-list"),
    path("sessions/<int:pk>/", api.SessionDetailApi.as_view(), name="journal-session-detail"),
    path("timer/", api.TimerApi.as_view(), name="journal-timer"),
    path("timer/stop/", api.TimerStopApi.as_view(), name="journal-timer-stop"),
    path("reflections/", api.ReflectionListApi.as_view(), name="journal-reflection-list"),
    path(
        "reflections/<int:pk>/",
        api.ReflectionDetailApi.as_view(),
        name="journal-reflection-detail",
    ),
    path("reviews/", api.ReviewListApi.as_view(), name="journal-review-list"),
    path("reviews/<int:pk>/", api.ReviewDetailApi.as_view(), name="journal-review-detail"),
    path("not-to-do/", api.NotToDoListApi.as_view(), name="journal-not-to-do-list"),
    path("not-to-do/<int:pk>/", api.NotToDoDetailApi.as_view(), name="journal-not-to-do-detail"),
    path("pauses/", api.PauseListApi.as_view(), name="journal-pause-list"),
    path("pauses/<int:pk>/", api.PauseDetailApi.as_view(), name="journal-pause-detail"),
    path("kinds/", api.KindsApi.as_view(), name="journal-kinds"),
    path("stats/", api.StatsApi.as_view(), name="journal-stats"),
]
