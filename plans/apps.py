from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        from . import job_kinds  # noqa: F401  (registers the job handlers)
        from .reporting import register

        register()  # the rounds go up the chain as reports of the longevity kinds (reports/kinds.py)

        from .plan_documents import register_plan_results_kind

        # The year-end results of a plan are a report kind of the reports mechanism (a floor below).
        register_plan_results_kind()
