from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Chế độ và chi trả"

    def ready(self):
        from btxh.attention import register

        from .conversion import k5c_attention
        from .payroll import job_kinds  # noqa: F401 - job kinds register themselves on import
        from .payroll.attention import payroll_attention

        register(payroll_attention)
        register(k5c_attention)
