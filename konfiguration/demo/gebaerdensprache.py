"""The demo's sign-language videos (issue 11, point 3): the site's explanation and the own video
of one published measure, both the sample clip made by ``dgs/erzeugen.sh`` and labelled as a
sample (a real DGS video cannot be produced here). Loaded through the model's checks
(oeffentlich.services), like an upload in the admin. Idempotent: an existing video is kept."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import AbstractUser

from aktionsplan import bereich
from oeffentlich.models import Gebaerdenvideo
from oeffentlich.services import gebaerdenvideo_speichern
from projekte.models import Projektskizze

from .sichern import AENDERUNGSGRUND, Lader

ORDNER = Path(__file__).resolve().parent / "dgs"
VIDEO = ORDNER / "beispiel.mp4"
UNTERTITEL = ORDNER / "beispiel.vtt"
# The measure that shows its own video: the first published measure of the Aktionsplan.
MASSNAHME = ("aktionsplan", 1)

TEXTFASSUNG = (
    "Willkommen beim Aktionsplan Inklusion.\n\n"
    "Hier steht später ein Video in Gebärdensprache.\n\n"
    "Unter dem Video finden Sie alles als Text.\n\n"
    "(Demodaten: Dieses Beispielvideo zeigt nur Text und keine echte Gebärdensprache. Eine "
    "Kommune lädt hier ihr eigenes Video in Deutscher Gebärdensprache hoch.)"
)


def gebaerdenvideos_laden(
    lader: Lader,
    *,
    projekte: dict[tuple[str, int], Projektskizze],
    benutzer: dict[str, AbstractUser],
) -> None:
    """Create the sample videos once (the site's explanation; the measure ``MASSNAHME``)."""
    name = str(Gebaerdenvideo._meta.verbose_name_plural)
    ziele: list[tuple[Projektskizze | None, str]] = [
        (None, "So funktioniert diese Seite (Beispielvideo – keine echte Gebärdensprache)")
    ]
    if (projekt := projekte.get(MASSNAHME)) is not None and projekt.veroeffentlicht:
        ziele.append((projekt, f"{projekt.titel} (Beispielvideo – keine echte Gebärdensprache)"))
    for projekt, titel in ziele:
        if Gebaerdenvideo.objects.filter(projekt=projekt).exists():
            continue
        gebaerdenvideo_speichern(
            titel=titel,
            video=VIDEO,
            untertitel=UNTERTITEL,
            textfassung=TEXTFASSUNG,
            ist_beispiel=True,
            projekt=projekt,
            # The site's explanation is shared by the region, which a person of Stolberg may
            # not write once there are several Kommunen: then it is written as the command.
            benutzer=(
                benutzer["datenpflege"]
                if projekt is not None or not bereich.mehrere_kommunen()
                else None
            ),
            grund=AENDERUNGSGRUND,
        )
        lader.neu[name] += 1
