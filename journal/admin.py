from django.contrib import admin
from django.db import transaction

from journal.models import (
    DayTotal,
    FocusTimer,
    HabitCheckpoint,
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

    # The day totals follow every session write, the admin's too (journal.totals).
    def save_model(self, request, obj, form, change):
        from journal import totals

        with transaction.atomic():
            before = [totals.stored_entry(obj)] if change else []
            super().save_model(request, obj, form, change)
            totals.sessions_changed(obj.learner, removed=before, added=[totals.entry_of(obj)])

    def delete_model(self, request, obj):
        self.delete_queryset(request, StudySession.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        from journal import totals

        with transaction.atomic():
            gone = list(queryset.select_for_update().select_related("learner"))
            queryset.delete()
            for session in gone:
                totals.sessions_changed(session.learner, removed=[totals.entry_of(session)])


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


class DerivedAdmin(admin.ModelAdmin):
    """Figures derived from the sessions (journal.totals keeps them): to look at, not edit;
    `manage.py journal_totals` rebuilds them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DayTotal)
class DayTotalAdmin(DerivedAdmin):
    list_display = ("learner", "day", "kind", "minutes")
    raw_id_fields = ("learner",)
    date_hierarchy = "day"


@admin.register(HabitCheckpoint)
class HabitCheckpointAdmin(DerivedAdmin):
    list_display = ("learner", "through")
    raw_id_fields = ("learner",)
