"""The project's URLs and a view with a bug, to see the 500 page through the whole stack
(tests/btxh/test_error_pages.py)."""

from django.urls import path

from btxh.urls import urlpatterns as project_urlpatterns

handler500 = "btxh.views.server_error"


def bug(request):
    raise RuntimeError("a bug the officer must not see: Traceback secrets")


urlpatterns = [path("thu/loi/", bug, name="bug"), *project_urlpatterns]
