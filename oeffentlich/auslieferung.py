"""Files from the storage with HTTP range requests (RFC 9110, section 14), so that a video can be
sought: ``Accept-Ranges: bytes``, one range answered with 206 and ``Content-Range``, a range
that cannot be satisfied or is malformed with 416 and ``Content-Range: bytes */size``.

No kept library does this for Django: django-ranged-response (last release 2017) and
django-ranged-fileresponse (2017) are unmaintained, and Django's FileResponse answers every
request in full. So this small module, tested in tests/oeffentlich/test_gebaerdensprache.py.

What RFC 9110 leaves to the server, decided here: a Range with another unit than ``bytes`` is
ignored (200, full file, as the RFC demands); several ranges are answered with the full file
(allowed: "a server MAY ignore the Range header field"), which every browser can play; an
``If-Range`` that does not match the current ETag gives the full file.

Behind nginx, ``settings.MEDIEN_X_ACCEL_PREFIX`` hands the sending to the proxy
(``X-Accel-Redirect``): the app then only decides who may see the file, nginx answers the
ranges itself (README, "Betrieb").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date

# Bytes read and sent per step.
BLOCK = 64 * 1024
_BEREICH = re.compile(r"^bytes=(.*)$", re.IGNORECASE)
_SPEZ = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


class UngueltigerBereichError(Exception):
    """The Range header cannot be satisfied or is malformed: answer 416."""


@dataclass(frozen=True)
class Bereich:
    """Bytes ``start`` to ``ende`` inclusive, as in ``Content-Range``."""

    start: int
    ende: int

    @property
    def laenge(self) -> int:
        return self.ende - self.start + 1


def bereich_lesen(kopf: str | None, groesse: int) -> Bereich | None:
    """The one byte range that ``kopf`` (the Range header) asks of a file of ``groesse`` bytes,
    or None for the full file (no header, another unit, several ranges). Raises
    UngueltigerBereichError for a malformed byte range or one that starts beyond the file (RFC 9110,
    14.1.2 and 15.5.17). ``bytes=-N`` is the last N bytes; ``bytes=N-`` runs to the end; an end
    beyond the file is cut to its last byte."""
    if not kopf:
        return None
    treffer = _BEREICH.match(kopf.strip())
    if treffer is None:
        if "=" in kopf and kopf.split("=", 1)[0].strip().lower() != "bytes":
            return None  # another unit: ignored
        raise UngueltigerBereichError(kopf)
    teile = treffer.group(1).split(",")
    if len(teile) > 1:
        if all(_SPEZ.match(t) for t in teile):
            return None  # several ranges: the full file
        raise UngueltigerBereichError(kopf)
    spez = _SPEZ.match(teile[0])
    if spez is None or spez.group(1) == spez.group(2) == "":
        raise UngueltigerBereichError(kopf)
    von, bis = spez.groups()
    if von == "":
        letzte = int(bis)
        if letzte == 0 or groesse == 0:
            raise UngueltigerBereichError(kopf)
        return Bereich(max(groesse - letzte, 0), groesse - 1)
    start = int(von)
    ende = int(bis) if bis else groesse - 1
    if ende < start:
        raise UngueltigerBereichError(kopf)
    if start >= groesse:
        raise UngueltigerBereichError(kopf)
    return Bereich(start, min(ende, groesse - 1))


class _Bloecke:
    """The bytes of ``datei`` from ``start``, ``laenge`` of them, in blocks; closes the file."""

    def __init__(self, datei, start: int, laenge: int) -> None:
        self.datei = datei
        self.start = start
        self.rest = laenge

    def __iter__(self) -> Iterator[bytes]:
        self.datei.seek(self.start)
        while self.rest > 0:
            block = self.datei.read(min(BLOCK, self.rest))
            if not block:
                break
            self.rest -= len(block)
            yield block

    def close(self) -> None:
        self.datei.close()


def datei_ausliefern(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    inhaltstyp: str,
    etag: str,
    oeffentlich: bool,
) -> HttpResponse:
    """The stored file ``name`` as the answer to ``request`` (GET or HEAD): 200 in full, 206 for
    one byte range, 416 for a range it cannot satisfy, 304 if ``If-None-Match`` names ``etag``.
    ``oeffentlich``: shared caches may keep it (``Cache-Control: public``), else ``private``.
    With ``settings.MEDIEN_X_ACCEL_PREFIX`` the proxy sends the bytes (X-Accel-Redirect).
    Raises Http404 if the storage has no such file (a database restored without its media)."""
    cache = "public, max-age=300" if oeffentlich else "private, max-age=0"
    kopf = {"ETag": etag, "Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        antwort = HttpResponse(status=304)
        for schluessel, wert in kopf.items():
            antwort[schluessel] = wert
        return antwort
    if prefix := settings.MEDIEN_X_ACCEL_PREFIX:
        antwort = HttpResponse(content_type=inhaltstyp)
        antwort["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + name
        for schluessel, wert in kopf.items():
            antwort[schluessel] = wert
        return antwort
    try:
        groesse = storage.size(name)
    except OSError:
        raise Http404(name) from None
    kopf["Accept-Ranges"] = "bytes"
    try:
        geaendert = storage.get_modified_time(name)
        kopf["Last-Modified"] = http_date(geaendert.timestamp())
    except (NotImplementedError, OSError):
        pass
    bereich_kopf = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != etag:
        bereich_kopf = None  # the file changed since: send it whole
    try:
        bereich = bereich_lesen(bereich_kopf, groesse)
    except UngueltigerBereichError:
        antwort = HttpResponse(status=416)
        antwort["Content-Range"] = f"bytes */{groesse}"
        for schluessel, wert in kopf.items():
            antwort[schluessel] = wert
        return antwort
    if bereich is None:
        bereich, status = Bereich(0, groesse - 1), 200
    else:
        status = 206
    if request.method == "HEAD" or groesse == 0:
        antwort = HttpResponse(content_type=inhaltstyp, status=status)
    else:
        antwort = StreamingHttpResponse(
            _Bloecke(storage.open(name, "rb"), bereich.start, bereich.laenge),
            content_type=inhaltstyp,
            status=status,
        )
    antwort["Content-Length"] = str(bereich.laenge if groesse else 0)
    if status == 206:
        antwort["Content-Range"] = f"bytes {bereich.start}-{bereich.ende}/{groesse}"
    for schluessel, wert in kopf.items():
        antwort[schluessel] = wert
    return antwort
