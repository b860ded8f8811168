from django.urls import path

from . import decision_views, views

app_name = "beneficiaries"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("xuat-danh-sach/", views.person_export, name="person-export"),
    path("them/", views.person_create, name="person-create"),
    path("kiem-tra-so-dinh-danh/", views.person_validate_national_id, name="person-validate-national-id"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/sua/", views.person_update, name="person-update"),
    path("<int:person_id>/bao-tu/", views.person_death, name="person-death"),
    path("<int:person_id>/chuyen-di/", views.person_move, name="person-move"),
    path("<int:person_id>/ho-so/them/", views.case_create, name="case-create"),
    path("ho-gia-dinh/<int:household_id>/ho-ngheo/", views.household_poverty, name="household-poverty"),
    path("ho-so/", views.case_list, name="case-list"),
    path("ho-so/<int:case_id>/", views.case_detail, name="case-detail"),
    path("ho-so/<int:case_id>/sua/", views.case_update, name="case-update"),
    path("ho-so/<int:case_id>/nop/", views.case_submit, name="case-submit"),
    path("ho-so/<int:case_id>/phe-duyet/", views.case_approve, name="case-approve"),
    path("ho-so/<int:case_id>/tra-lai/", views.case_return, name="case-return"),
    path("ho-so/<int:case_id>/chi-tra/", views.case_activate, name="case-activate"),
    path("ho-so/<int:case_id>/tiep-nhan/", views.case_move_confirm, name="case-move-confirm"),
    path("ho-so/<int:case_id>/tam-dung/", views.case_suspend, name="case-suspend"),
    path("ho-so/<int:case_id>/tiep-tuc/", views.case_resume, name="case-resume"),
    path("ho-so/<int:case_id>/thoi-huong/", views.case_terminate, name="case-terminate"),
    path("ho-so/<int:case_id>/het-tuoi/", views.case_age_limit_end, name="case-age-limit-end"),
    path("ho-so/<int:case_id>/khuyet-tat/", views.case_disability_change, name="case-disability-change"),
    path("ho-so/<int:case_id>/thoi-hoc/", views.case_studies_end, name="case-studies-end"),
    path("ho-so/<int:case_id>/giay-to/", views.case_document_upload, name="case-document-upload"),
    path("giay-to/<int:document_id>/", views.case_document_download, name="case-document-download"),
    path("quyet-dinh/phe-duyet-theo-dot/", decision_views.decision_batch, name="decision-batch"),
    path("quyet-dinh/thoi-huong/", decision_views.decision_ends, name="decision-ends"),
    path("quyet-dinh/<int:case_decision_id>/", decision_views.decision_detail, name="decision-detail"),
    path("viec-den-han/", views.worklist, name="worklist"),
    path("nhap-danh-sach/", views.import_upload, name="import-upload"),
    path("ra-soat-ho-ngheo/", views.poverty_review, name="poverty-review"),
    path("<int:person_id>/luong-huu/", views.pension_record, name="pension-record"),
    path("danh-gia-khuyet-tat/<int:assessment_id>/quyet-dinh/", views.assessment_decide, name="assessment-decide"),
    path("ra-soat-ho-ngheo/<int:person_id>/", views.poverty_confirm, name="poverty-confirm"),
]
