from django.urls import path

from portfolio import (
    feeds,
    views,
    views_account,
    views_badges,
    views_compare,
    views_controls,
    views_year,
)

app_name = "portfolio"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<str:section>-<int:number>.xml", views.sitemap_page, name="sitemap_page"),
    path("discover/", views.discover, name="discover"),
    path("u/<str:username>/", views.learner_page, name="learner"),
    path("u/<str:username>/badges/<str:kind>.svg", views_badges.badge, name="badge"),
    path("u/<str:username>/year/<int:year>/", views_year.year_page, name="year"),
    path("u/<str:username>/year/<int:year>.png", views_year.year_card, name="year_card"),
    path("u/<str:username>/feed/", feeds.feed, name="feed"),
    path("u/<str:username>/posts/<str:slug>/", views.post_page, name="post"),
    path("u/<str:username>/runs/<int:run_id>/", views.run_page, name="run"),
    path("u/<str:username>/compare/", views_compare.shared_comparison, name="compare"),
    path("u/<str:username>/follow/", views.follow, name="follow"),
    path("u/<str:username>/unfollow/", views.unfollow, name="unfollow"),
    path("account/portfolio/", views_controls.controls, name="controls"),
    path("account/portfolio/hide/", views_controls.hide, name="hide"),
    path(
        "account/portfolio/<str:kind>/<int:pk>/",
        views_controls.publication,
        name="publication",
    ),
    path("account/data/", views_account.your_data, name="your_data"),
    path("account/export/", views_account.account_export, name="account_export"),
    path("account/delete/", views_account.account_delete, name="account_delete"),
    path("account/import/", views_account.account_import, name="account_import"),
]
