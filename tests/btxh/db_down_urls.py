"""The project's URLs and two views that meet a database that is down (tests/btxh/test_database_down.py)."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from btxh.urls import urlpatterns as project_urlpatterns

handler500 = "btxh.views.server_error"


def refused(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def dead_connection(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("thu/csdl-tu-choi/", refused, name="db-refused"),
    path("thu/ket-noi-chet/", dead_connection, name="db-dead"),
    *project_urlpatterns,
]
