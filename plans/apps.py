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

        from beneficiaries.services.hamlets import hamlet_rename_listener_register

        from .services import elderly_hamlet_renamed

        # The elderly register keeps a hamlet's name as text: it follows a rename of the commune's list.
        hamlet_rename_listener_register(elderly_hamlet_renamed)
