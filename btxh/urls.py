from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

handler500 = "btxh.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("cong-viec/", views.job_list, name="job-list"),
    path("cong-viec/<int:job_id>/", views.job_detail, name="job-detail"),
    path("cong-viec/<int:job_id>/tep/", views.job_file, name="job-file"),
    path("cong-viec/<int:job_id>/chay-lai/", views.job_retry, name="job-retry"),
    path("don-vi/", views.unit_list, name="unit-list"),
    path("nhat-ky-truy-cap/", views.access_log_list, name="access-log-list"),
    path("doi-tuong/", include("beneficiaries.urls")),
    path("che-do/", include("benefits.urls")),
    path("ke-hoach/", include("plans.urls")),
    path("bao-cao/", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
