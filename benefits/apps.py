from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = "Chế độ và chi trả"

    def ready(self):
        from beneficiaries.selectors import uncollected_provider_register
        from btxh.attention import register

        from .conversion import k5c_attention
        from .emergency import job_kinds as emergency_job_kinds  # noqa: F401 - registers its job kinds
        from .emergency.attention import emergency_attention
        from .payroll import job_kinds  # noqa: F401 - job kinds register themselves on import
        from .payroll.attention import payroll_attention
        from .payroll.selectors import not_collected_streaks

        register(payroll_attention)
        register(k5c_attention)
        register(emergency_attention)
        # The registry's worklist shows who has not collected for three months (floor 2 cannot import us).
        uncollected_provider_register(not_collected_streaks)
