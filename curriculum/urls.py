from django.urls import path

from curriculum import read_views, views

app_name = "curriculum"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap_list"),
    path("new/", views.roadmap_new, name="roadmap_new"),
    path("import/", views.roadmap_import_page, name="roadmap_import"),
    path("<int:pk>/", views.roadmap_detail, name="roadmap_detail"),
    path("<int:pk>/path/", read_views.roadmap_path, name="roadmap_path"),
    path("<int:pk>/settings/", views.roadmap_settings, name="roadmap_settings"),
    path("<int:pk>/delete/", views.roadmap_delete, name="roadmap_delete"),
    path("<int:pk>/use/", views.roadmap_use, name="roadmap_use"),
    path("<int:pk>/export.<str:fmt>", views.roadmap_export_download, name="roadmap_export"),
    path("<int:pk>/stages/", views.stage_add, name="stage_add"),
    path("stages/<int:pk>/rename/", views.stage_rename, name="stage_rename"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
    path("stages/<int:pk>/restore/", views.stage_restore, name="stage_restore"),
    path("stages/<int:pk>/move/", views.stage_move, name="stage_move"),
    path("stages/<int:pk>/items/", views.item_add, name="item_add"),
    path("items/<int:pk>/", read_views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/restore/", views.item_restore, name="item_restore"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/status/", views.item_status, name="item_status"),
    path("items/<int:pk>/link/", views.item_link, name="item_link"),
    path("items/<int:pk>/steps/", views.step_add, name="step_add"),
    path("items/<int:pk>/steps/<int:index>/tick/", views.step_tick, name="step_tick"),
    path("items/<int:pk>/steps/<int:index>/rename/", views.step_rename, name="step_rename"),
    path("items/<int:pk>/steps/<int:index>/remove/", views.step_remove, name="step_remove"),
]
