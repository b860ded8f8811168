from django.apps import AppConfig


class BtxhConfig(AppConfig):
    name = "btxh"
    verbose_name = "Hệ thống"
