from django.contrib import admin

from curriculum.models import Item, Roadmap, Stage


class StageInline(admin.TabularInline):
    model = Stage
    fields = ("position", "title", "kind", "planned_weeks")
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "visibility", "is_template", "slug", "updated_at")
    list_filter = ("visibility", "is_template")
    search_fields = ("title", "owner__username", "slug")
    raw_id_fields = ("owner", "copied_from", "origin_template")
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("title", "roadmap", "position", "kind", "deleted_at")
    search_fields = ("title", "roadmap__title")
    raw_id_fields = ("roadmap",)

    def get_queryset(self, request):
        return Stage.all_objects.select_related("roadmap")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "stage", "kind", "status", "revisit_count", "deleted_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "stage__title")
    raw_id_fields = ("stage",)

    def get_queryset(self, request):
        return Item.all_objects.select_related("stage")
