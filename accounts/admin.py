from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import ApiToken, User


@admin.register(User)
class LearnerAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "timezone",
                    "daily_target_minutes",
                    "inhale_target_percent",
                    "rest_weekdays",
                    "bio",
                    "github_url",
                    "blog_url",
                    "kaggle_url",
                    "social_url",
                    "portfolio_hidden",
                )
            },
        ),
    )
    list_display = ("username", "email", "display_name", "timezone", "date_joined")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("learner", "name", "prefix", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "prefix")
