from django.apps import AppConfig


class TrainingJobsConfig(AppConfig):
    name = "training_jobs"
    verbose_name = "Training jobs"

    def ready(self) -> None:
        from projects import runs
        from training_jobs import selectors, services

        runs.connect(runs.RunPort(start=services.start_run, recent=selectors.recent_runs))
