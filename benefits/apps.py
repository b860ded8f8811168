from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Chế độ và chi trả"

    def ready(self):
        # Job kinds register themselves on import.
        from btxh.attention import register

        from .payroll import job_kinds  # noqa: F401
        from .payroll.attention import payroll_attention

        register(payroll_attention)
