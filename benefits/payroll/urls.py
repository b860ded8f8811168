from django.urls import path

from . import views

# Included in benefits/urls.py (namespace "benefits").
urlpatterns = [
    path("chi-tra/", views.roll_list, name="roll-list"),
    path("chi-tra/lap/", views.roll_generate, name="roll-generate"),
    path("chi-tra/<int:roll_id>/", views.roll_detail, name="roll-detail"),
    path("chi-tra/<int:roll_id>/lap-lai/", views.roll_regenerate, name="roll-regenerate"),
    path("chi-tra/<int:roll_id>/khoa/", views.roll_lock, name="roll-lock"),
    path("chi-tra/<int:roll_id>/ket-qua/", views.roll_settle, name="roll-settle"),
    path("chi-tra/<int:roll_id>/dieu-chinh/", views.roll_settle_correct, name="roll-settle-correct"),
    path(
        "chi-tra/<int:roll_id>/tam-dung/<int:person_id>/", views.roll_problem_suspend, name="roll-problem-suspend"
    ),
    path("chi-tra/dong/<int:line_id>/", views.line_detail, name="line-detail"),
    path("chi-tra/tai-lieu/<int:roll_document_id>/", views.roll_document_download, name="roll-document"),
    path("chi-tra/doi-tuong/<int:person_id>/", views.person_payments, name="person-payments"),
]
