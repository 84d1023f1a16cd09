"""Writes of the sign-language videos outside the admin (the demo, commands).

The admin writes through ``aktionsplan.sperre.speichern`` like every model; this function does
the same for a video given as files on disk, so the file checks (oeffentlich.dateipruefung, run
by ``full_clean()``), the one-per-measure constraint and the history apply to every path.
"""

from __future__ import annotations

from pathlib import Path

from django.core.files import File

from aktionsplan.sperre import speichern
from oeffentlich.models import Gebaerdenvideo


def gebaerdenvideo_speichern(
    *,
    titel: str,
    video: Path,
    untertitel: Path,
    textfassung: str,
    ist_beispiel: bool = False,
    projekt=None,
    benutzer=None,
    grund: str = "",
) -> Gebaerdenvideo:
    """Create the video of ``projekt`` (None: the site's explanation) from the files ``video``
    (MP4 or WebM) and ``untertitel`` (WebVTT), or replace the files and texts of the one that
    exists. The files are copied into the default storage under new names. Raises
    ValidationError (type, size, captions, nothing written)."""
    objekt = Gebaerdenvideo.objects.filter(projekt=projekt).first() or Gebaerdenvideo(
        projekt=projekt
    )
    objekt.titel = titel
    objekt.textfassung = textfassung
    objekt.ist_beispiel = ist_beispiel
    with video.open("rb") as v, untertitel.open("rb") as u:
        objekt.video = File(v, name=video.name)
        objekt.untertitel = File(u, name=untertitel.name)
        # Checks the files before the storage holds anything; save() then copies them.
        speichern(objekt, benutzer=benutzer, grund=grund)
    return objekt
