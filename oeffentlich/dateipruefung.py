"""Checks of the files of a sign-language video (issue 11, point 3; issue 8: "Uploads are
limited in size and type").

The type is told by the content, never by the name alone: an MP4 has an ``ftyp`` box at byte 4
(ISO/IEC 14496-12, ISO base media file format), a WebM starts with the EBML magic number
``1A 45 DF A3`` and names the DocType ``webm`` in its header (Matroska/WebM specification,
RFC 9559). The name's extension must match the content, so a PDF called ``.mp4`` or a WebM
called ``.mp4`` is refused by name. Captions are WebVTT (W3C WebVTT: UTF-8, the first line is
``WEBVTT``, cues with ``start --> end`` timings); the file is parsed in full here, so a browser
never gets captions it cannot read.

Sizes are limited per kind by ``settings.UPLOAD_GRENZEN`` ("video": ``UPLOAD_VIDEO_MAX_MB``,
200 MB by default; "untertitel": 1 MB), see aktionsplan.hochladen.

These functions are the validators of the model's file fields (oeffentlich.models), so every
write path (admin, demo, services) runs them through ``full_clean()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from aktionsplan.hochladen import grenze

# Bytes read to tell the type of a video.
KOPF_BYTES = 64
# The only extensions a video may carry, with its content type.
VIDEOARTEN = {".mp4": "video/mp4", ".webm": "video/webm"}
UNTERTITEL_INHALTSTYP = "text/vtt; charset=utf-8"
# ``ftyp`` brands of still images and audio in the same container family: not a video.
_KEINE_VIDEOMARKEN = {b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis", b"M4A ", b"M4B "}
# A WebVTT timestamp: [hh:]mm:ss.ttt (hours may have more than two digits).
_ZEIT = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_ZEITANGABE = re.compile(rf"^{_ZEIT}[ \t]+-->[ \t]+{_ZEIT}(?:[ \t].*)?$")


def _endung(name: str) -> str:
    punkt = name.rfind(".")
    return name[punkt:].lower() if punkt >= 0 else ""


def _kopf(datei: File, anzahl: int) -> bytes:
    """The first ``anzahl`` bytes of ``datei``; an open file (an upload) is left open at its
    start, a stored file that was closed is closed again."""
    war_zu = datei.closed
    try:
        datei.open("rb")
        datei.seek(0)
        kopf = datei.read(anzahl)
        datei.seek(0)
        if war_zu:
            datei.close()
    except OSError:
        raise ValidationError(
            _("Die gespeicherte Datei fehlt. Bitte laden Sie sie erneut hoch."), code="fehlt"
        ) from None
    return kopf if isinstance(kopf, bytes) else kopf.encode()


def videoart(kopf: bytes) -> str | None:
    """The extension (".mp4" or ".webm") whose content the first bytes ``kopf`` show, or None.

    MP4: a box of at least 8 bytes whose type at bytes 4–8 is ``ftyp`` and whose major brand is
    no still image or audio brand (ISO/IEC 14496-12). WebM: the EBML magic number and the DocType
    ``webm`` within the header (RFC 9559; Matroska's ``matroska`` DocType is not WebM).
    """
    if len(kopf) >= 12 and kopf[4:8] == b"ftyp" and int.from_bytes(kopf[:4], "big") >= 8:
        return None if kopf[8:12] in _KEINE_VIDEOMARKEN else ".mp4"
    if kopf[:4] == b"\x1a\x45\xdf\xa3" and b"\x42\x82" in kopf and b"webm" in kopf:
        return ".webm"
    return None


def _zu_gross(datei: File, art: str) -> ValidationError | None:
    try:
        groesse = datei.size
    except OSError:
        return ValidationError(
            _("Die gespeicherte Datei fehlt. Bitte laden Sie sie erneut hoch."), code="fehlt"
        )
    if groesse > grenze(art):
        return ValidationError(
            _("Die Datei ist zu groß (%(groesse)s): erlaubt sind höchstens %(grenze)s.")
            % {"groesse": filesizeformat(groesse), "grenze": filesizeformat(grenze(art))},
            code="groesse",
        )
    return None


def video_pruefen(datei: File) -> None:
    """Validator of a video file: MP4 or WebM by content, with the matching extension, at most
    ``settings.UPLOAD_GRENZEN["video"]`` bytes. Raises ValidationError with a German message."""
    if (fehler := _zu_gross(datei, "video")) is not None:
        raise fehler
    endung = _endung(datei.name or "")
    if endung not in VIDEOARTEN:
        raise ValidationError(
            _(
                "Bitte laden Sie ein Video im Format MP4 oder WebM hoch (Dateiendung .mp4 oder "
                ".webm)."
            ),
            code="dateityp",
        )
    inhalt = videoart(_kopf(datei, KOPF_BYTES))
    if inhalt is None:
        raise ValidationError(
            _(
                "Die Datei heißt %(endung)s, ist aber kein MP4- oder WebM-Video. Bitte laden Sie "
                "das Video selbst hoch, nicht eine umbenannte Datei."
            )
            % {"endung": endung},
            code="dateityp",
        )
    if inhalt != endung:
        raise ValidationError(
            _(
                "Die Datei heißt %(endung)s, enthält aber ein %(inhalt)s-Video. Bitte geben Sie "
                "ihr die Endung %(richtig)s."
            )
            % {"endung": endung, "inhalt": inhalt[1:].upper(), "richtig": inhalt},
            code="dateityp",
        )


@dataclass(frozen=True)
class Untertitel:
    """One cue of a WebVTT file: start and end in milliseconds, and its text."""

    beginn_ms: int
    ende_ms: int
    text: str


def _millisekunden(stunden: str | None, minuten: str, sekunden: str, tausendstel: str) -> int:
    return ((int(stunden or 0) * 60 + int(minuten)) * 60 + int(sekunden)) * 1000 + int(tausendstel)


def webvtt_lesen(text: str) -> list[Untertitel]:
    """The cues of a WebVTT document (W3C WebVTT, section 4: the file starts with ``WEBVTT``,
    optionally after a BOM and followed by a space or tab and a header text; blocks are
    separated by blank lines; NOTE, STYLE and REGION blocks carry no cue). Raises ValueError
    with a German message naming the line of the first error."""
    zeilen = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    erste = zeilen[0]
    if not (erste == "WEBVTT" or erste.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValueError(_("Die erste Zeile muss „WEBVTT“ lauten."))
    cues: list[Untertitel] = []
    i = 1
    # The header runs to the first blank line.
    while i < len(zeilen) and zeilen[i].strip():
        if "-->" in zeilen[i]:
            raise ValueError(
                _("Zeile %(zeile)d: Nach „WEBVTT“ muss eine Leerzeile folgen.") % {"zeile": i + 1}
            )
        i += 1
    while i < len(zeilen):
        if not zeilen[i].strip():
            i += 1
            continue
        beginn = i
        block = []
        while i < len(zeilen) and zeilen[i].strip():
            block.append(zeilen[i])
            i += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        zeitzeile = 0 if "-->" in block[0] else 1
        if zeitzeile >= len(block) or not (treffer := _ZEITANGABE.match(block[zeitzeile])):
            raise ValueError(
                _(
                    "Zeile %(zeile)d: Erwartet wird eine Zeitangabe wie „00:00:01.000 --> "
                    "00:00:04.000“."
                )
                % {"zeile": beginn + zeitzeile + 1}
            )
        anfang = _millisekunden(*treffer.groups()[:4])
        ende = _millisekunden(*treffer.groups()[4:])
        if ende <= anfang:
            raise ValueError(
                _("Zeile %(zeile)d: Das Ende eines Untertitels muss nach seinem Beginn liegen.")
                % {"zeile": beginn + zeitzeile + 1}
            )
        cues.append(Untertitel(anfang, ende, "\n".join(block[zeitzeile + 1 :])))
    if not cues:
        raise ValueError(_("Die Datei enthält keinen Untertitel."))
    return cues


def untertitel_pruefen(datei: File) -> None:
    """Validator of a captions file: ``.vtt``, UTF-8, a valid WebVTT document with at least one
    cue (``webvtt_lesen``), at most ``settings.UPLOAD_GRENZEN["untertitel"]`` bytes. Raises
    ValidationError with a German message."""
    if (fehler := _zu_gross(datei, "untertitel")) is not None:
        raise fehler
    if _endung(datei.name or "") != ".vtt":
        raise ValidationError(
            _("Bitte laden Sie die Untertitel als WebVTT-Datei hoch (Dateiendung .vtt)."),
            code="dateityp",
        )
    roh = _kopf(datei, grenze("untertitel") + 1)
    try:
        text = roh.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Die Untertitel-Datei ist keine Textdatei in UTF-8, wie WebVTT sie verlangt."),
            code="dateityp",
        ) from None
    try:
        webvtt_lesen(text)
    except ValueError as fehler:
        raise ValidationError(
            _("Die Untertitel-Datei ist kein gültiges WebVTT: %(fehler)s") % {"fehler": fehler},
            code="webvtt",
        ) from None
