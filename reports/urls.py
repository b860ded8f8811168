from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("danh-sach-don-vi/", views.unit_list_document, name="unit-list-document"),
    path("chi-tra/<int:roll_id>/tai-lieu/", views.roll_documents, name="roll-documents"),
    path("chi-tra/tong-hop.xlsx", views.rollup_export, name="rollup-export"),
]
