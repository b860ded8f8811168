from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Chế độ và chi trả"

    def ready(self):
        # Job kinds register themselves on import.
        from .payroll import job_kinds  # noqa: F401
