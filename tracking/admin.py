from django.contrib import admin

from tracking.models import (
    Experiment,
    LoggedArtifact,
    LoggedMetric,
    LoggedParam,
    LoggedRun,
    LoggedTag,
)


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    list_display = ("id", "learner", "name", "updated_at")
    search_fields = ("learner__username", "name")
    raw_id_fields = ("learner", "item")


class ParamInline(admin.TabularInline):
    model = LoggedParam
    extra = 0


class TagInline(admin.TabularInline):
    model = LoggedTag
    extra = 0


@admin.register(LoggedRun)
class LoggedRunAdmin(admin.ModelAdmin):
    list_display = ("run_uuid", "learner", "experiment", "name", "status", "published")
    list_filter = ("status", "published")
    search_fields = ("learner__username", "name")
    raw_id_fields = ("learner", "experiment", "logged_session")
    inlines = [ParamInline, TagInline]


@admin.register(LoggedMetric)
class LoggedMetricAdmin(admin.ModelAdmin):
    list_display = ("run", "key", "step", "value", "special")
    raw_id_fields = ("run",)


@admin.register(LoggedArtifact)
class LoggedArtifactAdmin(admin.ModelAdmin):
    list_display = ("run", "path", "size", "content_type")
    raw_id_fields = ("run",)


admin.site.register(LoggedParam)
admin.site.register(LoggedTag)
