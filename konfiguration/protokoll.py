"""Structured request logs: one line per request with its id, user, path, status and duration.

The request id is the proxy's ``X-Request-ID`` (nginx: ``$request_id``) when it looks like one,
otherwise a new one. It goes back in the response header and into every log line written while
the request runs (``AnfrageFilter``), so a line of ``django.request`` or of a service can be
matched to its request and to the proxy's access log. The JSON formatting itself is
python-json-logger's (``LOGGING`` in the settings).
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

KOPFZEILE = "X-Request-ID"
# What a proxy's id may look like; anything else (too long, other characters) is replaced, so
# a client cannot write into the log through this header.
_GUELTIGE_KENNUNG = re.compile(r"[A-Za-z0-9._-]{8,64}")
_ANFRAGE_ID: ContextVar[str] = ContextVar("anfrage_id", default="-")

logger = logging.getLogger("aktionsplan.anfragen")


def anfrage_id() -> str:
    """The id of the request being handled in this thread or task, "-" outside a request."""
    return _ANFRAGE_ID.get()


class AnfrageFilter(logging.Filter):
    """Puts the current request id on every log record (as ``anfrage_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "anfrage_id"):
            record.anfrage_id = _ANFRAGE_ID.get()
        return True


def _benutzer_id(request: HttpRequest) -> int | None:
    # Only a user the request has already loaded: a request that never looked at its user
    # (/healthz, static pages) is not charged a session and user query for its log line.
    benutzer = getattr(request, "user", None)
    if benutzer is None or getattr(benutzer, "_wrapped", None) is empty:
        return None
    return benutzer.pk if benutzer.is_authenticated else None


class AnfrageprotokollMiddleware:
    """Gives each request its id and logs it when the response is ready (logger
    ``aktionsplan.anfragen``, level INFO): method, path without query string (search terms stay
    out of the log), status, duration in milliseconds and the id of the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kennung = request.headers.get(KOPFZEILE, "")
        if not _GUELTIGE_KENNUNG.fullmatch(kennung):
            kennung = uuid.uuid4().hex
        token = _ANFRAGE_ID.set(kennung)
        beginn = time.perf_counter()
        try:
            antwort = self.get_response(request)
            antwort[KOPFZEILE] = kennung
            logger.info(
                "anfrage",
                extra={
                    "methode": request.method,
                    "pfad": request.path,
                    "status": antwort.status_code,
                    "dauer_ms": round((time.perf_counter() - beginn) * 1000, 1),
                    "benutzer_id": _benutzer_id(request),
                },
            )
            return antwort
        finally:
            _ANFRAGE_ID.reset(token)
