"""A bad day of the database is a Vietnamese "try again in a few minutes" page (HTTP 503), not a 500."""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


class SessionRefreshMiddleware:
    """Moves a signed-in session's idle clock on (SESSION_COOKIE_AGE from now) at most every
    BTXH_SESSION_REFRESH_SECONDS, instead of writing the session on every request: a session stays
    alive while its officer clicks, a page does not write it, and an idle session ends
    SESSION_COOKIE_AGE after its last refresh (at most that many seconds early)."""

    KEY = "_btxh_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.get(SESSION_KEY):
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.BTXH_SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)
