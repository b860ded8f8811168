from django.urls import path

from . import conversion_views, views

app_name = "benefits"

urlpatterns = [
    path("tinh-thu/", views.calculator, name="calculator"),
    path("quy-dinh/", views.rule_list, name="rule-list"),
    path("quy-dinh/muc-chuan/them/", views.base_rate_create, name="base-rate-create"),
    path("chuyen-doi-k5c/", conversion_views.k5c_conversion, name="k5c-conversion"),
    path("tinh-thu/ho-so/<int:case_id>/", views.case_preview, name="case-preview"),
]

# Payment rolls (benefits/payroll/urls.py) share the "benefits" namespace.
from .payroll.urls import urlpatterns as payroll_urlpatterns  # noqa: E402

urlpatterns += payroll_urlpatterns

# Emergency aid (benefits/emergency/urls.py), same namespace.
from .emergency.urls import urlpatterns as emergency_urlpatterns  # noqa: E402

urlpatterns += emergency_urlpatterns
