from django.contrib import admin

from projects.models import UploadedDataset


@admin.register(UploadedDataset)
class UploadedDatasetAdmin(admin.ModelAdmin):
    list_display = ("owner", "name", "kind", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("owner",)
    readonly_fields = ("preview",)
