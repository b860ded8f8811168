from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the job handlers)
        from .plan_documents import register_plan_results_kind

        # The year-end results of a plan are a report kind of the reports mechanism (a floor below).
        register_plan_results_kind()
