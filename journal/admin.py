from django.contrib import admin

from journal.models import (
    FocusTimer,
    KindLabel,
    NotToDo,
    Pause,
    Reflection,
    StudySession,
    WeeklyReview,
)


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ("learner", "local_date", "minutes", "kind", "visibility")
    list_filter = ("kind", "visibility")
    search_fields = ("learner__username", "note")
    raw_id_fields = ("learner", "item")
    date_hierarchy = "local_date"


@admin.register(FocusTimer)
class FocusTimerAdmin(admin.ModelAdmin):
    list_display = ("learner", "started_at", "planned_minutes", "kind", "stopped_at")
    raw_id_fields = ("learner", "item", "session")


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ("learner", "date", "visibility")
    raw_id_fields = ("learner",)


@admin.register(WeeklyReview)
class WeeklyReviewAdmin(admin.ModelAdmin):
    list_display = ("learner", "week_start", "total_minutes", "on_track", "visibility")
    raw_id_fields = ("learner",)


@admin.register(NotToDo)
class NotToDoAdmin(admin.ModelAdmin):
    list_display = ("learner", "text", "added_at", "retired_at")
    raw_id_fields = ("learner",)


@admin.register(KindLabel)
class KindLabelAdmin(admin.ModelAdmin):
    list_display = ("learner", "kind", "label")
    raw_id_fields = ("learner",)


@admin.register(Pause)
class PauseAdmin(admin.ModelAdmin):
    list_display = ("learner", "start", "end", "note")
    raw_id_fields = ("learner",)
