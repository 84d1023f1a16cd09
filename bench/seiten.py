"""The measured pages, and the goals of issue 8 that they are held against."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seite:
    schluessel: str
    name: str
    muster: str
    #: A page staff work with (held against the floor); the floor and /healthz are not.
    personal: bool = True
    #: A page that may be missing on the measured code (404) or closed to the measured person
    #: (403): then skipped, not counted as a failure.
    optional: bool = False

    def pfad(self, ziele: dict) -> str:
        return self.muster.format(**ziele)


BODEN = Seite("boden", "Bodenseite (Barrierefreiheit)", "/barrierefreiheit/", personal=False)
HEALTHZ = Seite("healthz", "/healthz", "/healthz/", personal=False)
UEBERSICHT = Seite("uebersicht", "Übersicht", "/")
LISTE = Seite("liste", "Maßnahmen, gefiltert", "/massnahmen/?status=in_umsetzung&sort=-fortschritt")
DETAIL = Seite("detail", "Maßnahme", "/massnahmen/{projekt}/")
INDIKATOR = Seite("indikator", "Indikator", "/monitoring/indikatoren/{indikator}/")
RAUMVERGLEICH = Seite(
    "raumvergleich",
    "Raumvergleich",
    "/monitoring/raumvergleich/?indikator={indikator}&jahr={vergleichsjahr}",
)
BERICHT = Seite("bericht", "Jahresbericht (HTML)", "/monitoring/jahresbericht/{berichtsjahr}/")

# In this order within a run; the floor is measured first and again last (its mean is the
# reference, so a machine that slows down during the run does not favour the pages).
SEITEN = (BODEN, HEALTHZ, UEBERSICHT, LISTE, DETAIL, INDIKATOR, RAUMVERGLEICH, BERICHT)
PEER_SEITEN = (BODEN, UEBERSICHT, LISTE, DETAIL)

# LocalZero Monitoring's last server-rendered version at about 4,000 tasks, anonymous, wrk -t2
# -c8 -d10s, 3 gunicorn workers on a 2-core machine (issue 8), and the goal: twice its req/s.
PEER_REFERENZ = {
    "uebersicht": ("Stadtübersicht", "91–126", 240),
    "liste": ("Aufgabenliste", "47–72", 140),
    "detail": ("Aufgabe", "168", 340),
}
PEER_MASSNAHMEN = 4000

# Goals (issue 8, point 3).
WACHSTUM_HOECHSTENS = 2.0  # p50 at 100× ≤ 2 × p50 at 1×
BODEN_ANTEIL_MINDESTENS = 0.25  # staff page at 100× ≥ 25 % of the floor's req/s
LANGSAM_MS = 1000  # no request over 1 s (crawl at 100×)

# The region stage (`--region`, issue 12 point 6): the same pages as a reader of the whole region
# and as an editor of one Kommune (users of `manage.py demo --region`), each on rows they see.
REGION_BENUTZER = {
    "region-lesen": "Lesen, ganze Region",
    "eschweiler-redaktion": "Redaktion, nur Eschweiler",
}
# The region role's own pages across Kommunen (issue 12, point 2), where the code has them; for a
# person of one Kommune they are closed.
REGION_UEBERSICHT = Seite("region", "Region: Übersicht", "/region/", optional=True)
REGION_INDIKATOREN = Seite(
    "region_indikatoren", "Region: Indikatoren", "/region/indikatoren/", optional=True
)
REGION_BERICHT = Seite(
    "region_bericht",
    "Region: Jahresbericht (HTML)",
    "/region/jahresbericht/{berichtsjahr}/",
    optional=True,
)
REGION_SEITEN = (*SEITEN, REGION_UEBERSICHT, REGION_INDIKATOREN, REGION_BERICHT)
REGION_MASSNAHMEN_JE_KOMMUNE = 250
REGION_SACHSTAENDE_JE_MASSNAHME = 12
