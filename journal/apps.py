from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from accounts.services import PROFILE_LISTENERS
        from journal import totals

        if totals.settings_changed not in PROFILE_LISTENERS:
            PROFILE_LISTENERS.append(totals.settings_changed)
