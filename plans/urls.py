from django.urls import path

from . import plan_views, views

app_name = "plans"

urlpatterns = [
    path("mung-tho/", views.round_list, name="round-list"),
    path("mung-tho/tong-hop/", views.overview, name="overview"),
    path("mung-tho/tong-hop/bao-cao/", views.overview_report_open, name="overview-report-open"),
    path("mung-tho/muc-qua/", views.gift_levels, name="gift-levels"),
    path("mung-tho/muc-qua/them/", views.gift_level_add, name="gift-level-add"),
    path("mung-tho/nguoi-cao-tuoi/", views.elderly_list, name="elderly-list"),
    path("mung-tho/nguoi-cao-tuoi/them/", views.elderly_create, name="elderly-create"),
    path("mung-tho/nguoi-cao-tuoi/nhap/", views.elderly_import_upload, name="elderly-import"),
    path("mung-tho/nguoi-cao-tuoi/<int:elderly_id>/", views.elderly_update, name="elderly-update"),
    path("mung-tho/dot/<int:round_id>/", views.round_detail, name="round-detail"),
    path("mung-tho/dot/<int:round_id>/tinh-lai/", views.round_recompute, name="round-recompute"),
    path("mung-tho/dot/<int:round_id>/them-nguoi/", views.entry_add, name="entry-add"),
    path("mung-tho/dot/<int:round_id>/gui/", views.round_submit, name="round-submit"),
    path("mung-tho/dot/<int:round_id>/nhan/", views.round_accept, name="round-accept"),
    path("mung-tho/dot/<int:round_id>/tra-lai/", views.round_return, name="round-return"),
    path("mung-tho/dot/<int:round_id>/danh-sach.pdf", views.round_list_pdf, name="round-list-pdf"),
    path("mung-tho/dot/<int:round_id>/danh-sach.xlsx", views.round_list_xlsx, name="round-list-xlsx"),
    path("mung-tho/dot/<int:round_id>/giay-mung-tho.pdf", views.round_certificates, name="round-certificates"),
    path("mung-tho/dot/<int:round_id>/ky-nhan-qua.pdf", views.round_receipt_pdf, name="round-receipt-pdf"),
    path("mung-tho/dot/<int:round_id>/ky-nhan-qua.xlsx", views.round_receipt_xlsx, name="round-receipt-xlsx"),
    path("mung-tho/dot/<int:round_id>/du-toan.pdf", views.round_budget_pdf, name="round-budget-pdf"),
    path("mung-tho/dot/<int:round_id>/chi-phi-to-chuc/", views.round_ceremony, name="round-ceremony"),
    path("mung-tho/nguoi/<int:entry_id>/trao-qua/", views.entry_deliver, name="entry-deliver"),
    path("nam/", plan_views.plan_list, name="plan-list"),
    path("nam/lap/", plan_views.plan_create, name="plan-create"),
    path("nam/<int:plan_id>/", plan_views.plan_detail, name="plan-detail"),
    path("nam/<int:plan_id>/sua/", plan_views.plan_edit, name="plan-edit"),
    path("nam/<int:plan_id>/ban-hanh/", plan_views.plan_issue, name="plan-issue"),
    path("nam/<int:plan_id>/dinh-chinh/", plan_views.plan_correct, name="plan-correct"),
    path("nam/<int:plan_id>/ke-hoach.pdf", plan_views.plan_pdf, name="plan-pdf"),
    path("nam/<int:plan_id>/ke-hoach.docx", plan_views.plan_docx, name="plan-docx"),
    path("nam/<int:plan_id>/bao-cao-ket-qua/", plan_views.plan_results, name="plan-results"),
    path("nam/hoat-dong/<int:activity_id>/", plan_views.activity_progress, name="activity-progress"),
]
