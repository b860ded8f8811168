from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("danh-sach-don-vi/", views.unit_list_document, name="unit-list-document"),
    path("chi-tra/<int:roll_id>/tai-lieu/", views.roll_documents, name="roll-documents"),
    path("chi-tra/tong-hop.xlsx", views.rollup_export, name="rollup-export"),
    path("tro-giup-dot-xuat/<int:decision_id>/quyet-dinh.pdf", views.emergency_decision_pdf,
         name="emergency-decision-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/quyet-dinh.docx", views.emergency_decision_docx,
         name="emergency-decision-docx"),
    path("tro-giup-dot-xuat/de-nghi/<int:request_id>/quyet-dinh.docx", views.emergency_request_decision_docx,
         name="emergency-request-decision-docx"),
    path("tro-giup-dot-xuat/de-nghi/<int:request_id>/quyet-dinh.pdf", views.emergency_request_decision_pdf,
         name="emergency-request-decision-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-chi-tien.pdf", views.emergency_cash_pdf,
         name="emergency-cash-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-chi-tien.xlsx", views.emergency_cash_xlsx,
         name="emergency-cash-xlsx"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-cap-gao.pdf", views.emergency_rice_pdf,
         name="emergency-rice-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-cap-gao.xlsx", views.emergency_rice_xlsx,
         name="emergency-rice-xlsx"),
    path("quyet-dinh/<int:case_decision_id>/quyet-dinh.pdf", views.decision_pdf, name="decision-pdf"),
    path("quyet-dinh/<int:case_decision_id>/quyet-dinh.docx", views.decision_docx, name="decision-docx"),
    path("dinh-ky/", views.report_list, name="report-list"),
    path("dinh-ky/lap/", views.report_open, name="report-open"),
    path("dinh-ky/<int:report_id>/", views.report_detail, name="report-detail"),
    path("dinh-ky/<int:report_id>/thao-tac/", views.report_action, name="report-action"),
    path("dinh-ky/<int:report_id>/bao-cao.pdf", views.report_pdf, name="report-pdf"),
    path("dinh-ky/<int:report_id>/bao-cao.xlsx", views.report_xlsx, name="report-xlsx"),
    path("dinh-ky/<int:report_id>/bao-cao.docx", views.report_docx, name="report-docx"),
    path("dinh-ky/han-gui/", views.due_dates, name="due-dates"),
    path("tong-quan/", views.report_dashboard, name="dashboard"),
    path("tong-quan.xlsx", views.report_dashboard_xlsx, name="dashboard-xlsx"),
]
