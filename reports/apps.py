from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo và văn bản"

    def ready(self):
        from btxh.attention import register
        from btxh.period_locks import period_lock_provider_register
        from btxh.roll_events import roll_locked_register

        from . import job_kinds, signals  # noqa: F401
        from .attention import reports_attention
        from .selectors import period_lock_reason

        # Payroll (a floor below) asks btxh.period_locks before regenerating a roll.
        period_lock_provider_register(period_lock_reason)
        register(reports_attention)
        # Payroll tells btxh.roll_events when a roll is locked: its summaries are computed then.
        from .services import roll_locked_warm

        roll_locked_register(roll_locked_warm)
