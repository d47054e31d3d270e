from django.contrib import admin

from training_jobs.models import EpochMetric, TrainingJob


class EpochInline(admin.TabularInline):
    model = EpochMetric
    extra = 0
    readonly_fields = ("epoch", "train_loss", "valid_loss", "metric", "recorded_at")


@admin.register(TrainingJob)
class TrainingJobAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "recipe_slug", "status", "device", "queued_at", "published")
    list_filter = ("status", "recipe_slug", "published")
    search_fields = ("owner__username", "recipe_slug")
    raw_id_fields = ("owner", "item", "retry_of")
    inlines = [EpochInline]


@admin.register(EpochMetric)
class EpochMetricAdmin(admin.ModelAdmin):
    list_display = ("job", "epoch", "train_loss", "valid_loss", "metric")
    raw_id_fields = ("job",)
