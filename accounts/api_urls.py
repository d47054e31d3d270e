from django.urls import path

from accounts import api

urlpatterns = [
    path("profile/", api.ProfileApi.as_view(), name="profile"),
    path("tokens/", api.ApiTokenListApi.as_view(), name="token-list"),
    path("tokens/<int:token_id>/", api.ApiTokenDetailApi.as_view(), name="token-detail"),
]
