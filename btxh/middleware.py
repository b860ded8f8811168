"""A bad day of the database is a Vietnamese "try again in a few minutes" page (HTTP 503), not a 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response():

    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "60"
    return response


class DatabaseUnavailableMiddleware:
    """A view that meets a database that is down or restarting (connection refused, a dead pooled
    connection) answers 503 with the Vietnamese page. Errors raised outside the view (the session
    or the user being loaded) reach ``server_error`` (handler500), which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable on %s: %s", request.path, exception)
            return unavailable_response()
        return None
