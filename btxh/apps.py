from django.apps import AppConfig


class BtxhConfig(AppConfig):
    name = "btxh"
    verbose_name = "Hệ thống"

    def ready(self):
        # Job handlers of this app register themselves on import.
        from . import job_kinds  # noqa: F401
