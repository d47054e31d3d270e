from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from accounts.signals import profile_settings_changed
        from journal import totals

        def rebuild_figures(sender, learner, fields, **kwargs) -> None:
            totals.settings_changed(learner, fields)

        profile_settings_changed.connect(
            rebuild_figures, dispatch_uid="journal.rebuild_figures", weak=False
        )
