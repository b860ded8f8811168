from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo và văn bản"

    def ready(self):
        from . import job_kinds, signals  # noqa: F401
