from django.urls import path

from . import views

# Included in benefits/urls.py: the "benefits" namespace.
urlpatterns = [
    path("tro-giup-dot-xuat/", views.event_list, name="emergency-event-list"),
    path("tro-giup-dot-xuat/thoi-han/", views.deadline, name="emergency-deadline"),
    path("tro-giup-dot-xuat/tong-hop/", views.summary, name="emergency-summary"),
    path("tro-giup-dot-xuat/su-kien/them/", views.event_create, name="emergency-event-create"),
    path("tro-giup-dot-xuat/su-kien/<int:event_id>/", views.event_detail, name="emergency-event-detail"),
    path("tro-giup-dot-xuat/su-kien/<int:event_id>/them-xa/", views.event_join, name="emergency-event-join"),
    path("tro-giup-dot-xuat/su-kien/<int:event_id>/de-nghi/them/", views.request_create,
         name="emergency-request-create"),
    path("tro-giup-dot-xuat/su-kien/<int:event_id>/nhap-excel/", views.request_import,
         name="emergency-request-import"),
    path("tro-giup-dot-xuat/mau-danh-sach-de-nghi.xlsx", views.import_template, name="emergency-import-template"),
    path("tro-giup-dot-xuat/su-kien/<int:event_id>/lap-quyet-dinh/", views.decision_prepare,
         name="emergency-decision-prepare"),
    path("tro-giup-dot-xuat/quyet-dinh/<int:decision_id>/", views.decision_detail, name="emergency-decision-detail"),
    path("tro-giup-dot-xuat/quyet-dinh/<int:decision_id>/phe-duyet/", views.decision_approve,
         name="emergency-decision-approve"),
    path("tro-giup-dot-xuat/quyet-dinh/<int:decision_id>/da-chi/", views.decision_mark_paid,
         name="emergency-decision-paid"),
    path("tro-giup-dot-xuat/quyet-dinh/<int:decision_id>/da-chi/tai-danh-sach/", views.decision_paid_upload,
         name="emergency-decision-paid-upload"),
    path("tro-giup-dot-xuat/de-nghi/<int:request_id>/khong-ho-tro/", views.request_refuse,
         name="emergency-request-refuse"),
]
