from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("danh-sach-don-vi/", views.unit_list_document, name="unit-list-document"),
    path("chi-tra/<int:roll_id>/tai-lieu/", views.roll_documents, name="roll-documents"),
    path("chi-tra/tong-hop.xlsx", views.rollup_export, name="rollup-export"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-chi-tien.pdf", views.emergency_cash_pdf,
         name="emergency-cash-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-chi-tien.xlsx", views.emergency_cash_xlsx,
         name="emergency-cash-xlsx"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-cap-gao.pdf", views.emergency_rice_pdf,
         name="emergency-rice-pdf"),
    path("tro-giup-dot-xuat/<int:decision_id>/danh-sach-cap-gao.xlsx", views.emergency_rice_xlsx,
         name="emergency-rice-xlsx"),
]
