from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from accounts.signals import figure_settings_changed
        from journal import totals

        def on_settings_changed(sender, learner, fields, **kwargs):
            totals.settings_changed(learner, fields)

        figure_settings_changed.connect(
            on_settings_changed, weak=False, dispatch_uid="journal-figure-settings"
        )
