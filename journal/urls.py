from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.today, name="today"),
    path("log/", views.session_log, name="session_log"),
    path("timer/start/", views.timer_start, name="timer_start"),
    path("timer/stop/", views.timer_stop, name="timer_stop"),
    path("timer/discard/", views.timer_discard, name="timer_discard"),
    path("habits/", views.habits_page, name="habits"),
    path("pauses/", views.pause_list, name="pauses"),
    path("pauses/<int:pk>/delete/", views.pause_delete, name="pause_delete"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/undo/", views.session_undo, name="session_undo"),
    path("sessions/import/", views.csv_import, name="csv_import"),
    path("sessions/export.csv", views.csv_export, name="csv_export"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/row/", views.session_row, name="session_row"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("kinds/", views.kinds_edit, name="kinds"),
    path("reflections/", views.reflection_list, name="reflection_list"),
    path("reflections/<int:pk>/", views.reflection_detail, name="reflection_detail"),
    path("reflections/<int:pk>/delete/", views.reflection_delete, name="reflection_delete"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/week/<str:week>/", views.review_edit, name="review_edit"),
    path("not-to-do/", views.not_to_do_list, name="not_to_do"),
    path("not-to-do/<int:pk>/retire/", views.not_to_do_retire, name="not_to_do_retire"),
]
