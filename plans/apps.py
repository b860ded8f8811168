from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the job handlers)
