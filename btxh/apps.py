from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class BtxhConfig(AppConfig):
    default = True  # the module also holds AxesConfig
    name = "btxh"
    verbose_name = "Hệ thống"

    def ready(self):
        from . import lookups  # noqa: F401 (registers field__any)
        from .cache import connect_signals

        connect_signals()  # a saved record forgets the counts pages keep in the cache


class AxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese heading in the admin (its records of failed logins and lock-outs)."""

    default = False
    verbose_name = "Đăng nhập sai và khóa tài khoản"
