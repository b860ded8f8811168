from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = "Đối tượng bảo trợ xã hội"

    def ready(self):
        # Job handlers and home-page attention providers register themselves on import.
        from . import attention, job_kinds  # noqa: F401
