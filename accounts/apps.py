from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Learners"

    def ready(self) -> None:
        from accounts import throttles  # noqa: F401  (connects the failed sign-in counter)
