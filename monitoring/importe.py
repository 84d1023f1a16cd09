"""The staff pages' import and export of measured values, on the one pipeline
(aktionsplan.datenimport with monitoring.datenarten.MESSWERTE).

What the staff pages add: protection of small numbers. Outside the data stewards, a preview never
shows a protected existing value, nor whether an upload equals it (probing 0, 1, 2 … would give it
away), and an export shows a protected value as "< N" or "•" — which the import refuses as a
value.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktionsplan import dateien, datenimport
from aktionsplan.datenimport import GEAENDERT, NEU, UNVERAENDERT, Pruefung, Zeile
from monitoring.datenarten import MESSWERTE
from monitoring.models import Indikator, Messwert
from monitoring.schutz import (
    Anzeigewert,
    kleinzahl_text,
    schuetzen,
    werte_im_bereich,
    zahl_formatieren,
)

# The outcome shown instead of neu/geändert/unverändert when an existing value is protected.
GESCHUETZT = "geschuetzt"


def zahl_lesen(roh: object) -> Decimal:
    """A number as a German user types it ("1.234,5", "12,5", "12.5"); raises
    decimal.InvalidOperation. Files are read column-wise by aktionsplan.dateien."""
    return dateien.zahl_lesen(roh)


def _bisher(pruefung: Pruefung, zeile: Zeile) -> Anzeigewert | None:
    if not zeile.bestehend or not pruefung.bestandsinfo:
        return None
    return pruefung.bestandsinfo.get(zeile.objekt.pk)


def status_fuer(pruefung: Pruefung, zeile: Zeile, *, datenpflege: bool) -> str:
    """The outcome as a user may see it: outside the data stewards, a row that overwrites a
    protected value only says so."""
    if not datenpflege and not zeile.fehler:
        bisher = _bisher(pruefung, zeile)
        if bisher is not None and bisher.geschuetzt:
            return GESCHUETZT
    return zeile.status


def anzahl(pruefung: Pruefung, status: str, *, datenpflege: bool) -> int:
    return sum(
        1 for z in pruefung.zeilen if status_fuer(pruefung, z, datenpflege=datenpflege) == status
    )


def vorschauzeilen(pruefung: Pruefung, *, datenpflege: bool) -> list[dict]:
    """Rows for the staff preview; protected numbers as "< N" or "•" outside the data stewards."""
    ergebnis = []
    for z in pruefung.zeilen:
        mw: Messwert = z.objekt
        indikator = mw.indikator if mw is not None and mw.indikator_id else None
        raum = mw.raum if mw is not None and mw.raum_id else None
        neu = ""
        if mw is not None and isinstance(mw.wert, Decimal):
            if not datenpflege and indikator is not None and indikator.ist_kleine_zahl(mw.wert):
                neu = kleinzahl_text(indikator.mindestfallzahl)
            else:
                neu = zahl_formatieren(mw.wert)
        alt = ""
        if z.bestehend:
            if datenpflege:
                alt = zahl_formatieren(z.alt.get("wert"))
            else:
                bisher = _bisher(pruefung, z)
                alt = bisher.text if bisher is not None else ""
        ergebnis.append(
            {
                "nummer": z.nummer,
                "status": status_fuer(pruefung, z, datenpflege=datenpflege),
                "fehler": [str(f) for f in z.fehler],
                "indikator": indikator.name if indikator else _zelltext(z, "indikator"),
                "jahr": mw.jahr if mw is not None and mw.jahr else _zelltext(z, "jahr"),
                "raum": raum.name if raum else _zelltext(z, "raum"),
                "alt": alt,
                "neu": neu,
                "vorlaeufig": bool(mw is not None and mw.vorlaeufig),
            }
        )
    return ergebnis


def _zelltext(zeile: Zeile, feld: str) -> str:
    return dateien.zelle_als_text(zeile.zellen.get(feld)).lstrip("'")


def erfolgstext(pruefung: Pruefung, *, datenpflege: bool) -> str:
    text = _(
        "Import abgeschlossen: %(neu)s neu, %(geaendert)s geändert, %(gleich)s unverändert."
    ) % {
        "neu": anzahl(pruefung, NEU, datenpflege=datenpflege),
        "geaendert": anzahl(pruefung, GEAENDERT, datenpflege=datenpflege),
        "gleich": anzahl(pruefung, UNVERAENDERT, datenpflege=datenpflege),
    }
    geschuetzt = anzahl(pruefung, GESCHUETZT, datenpflege=datenpflege)
    if geschuetzt:
        text += " " + ngettext(
            "%(anzahl)s Zeile hat einen geschützten Wert überschrieben.",
            "%(anzahl)s Zeilen haben geschützte Werte überschrieben.",
            geschuetzt,
        ) % {"anzahl": geschuetzt}
    return text


def exportmenge(*, nutzer, indikator: Indikator | None):
    """The values an export holds: quantitative ones within ``nutzer``'s scope (``.fuer``), all
    or one indicator's."""
    return (
        Messwert.objects.fuer(nutzer)
        .fuer_anzeige(indikator=indikator)
        .filter(indikator__art=Indikator.Art.QUANTITATIV)
    )


def exportieren(*, nutzer, datenpflege: bool, indikator: Indikator | None, format_: str) -> bytes:
    """The values in the import's columns, within ``nutzer``'s scope (``.fuer``). The data
    stewards get real values (the file re-imports unchanged); everyone else protected ones,
    "< N" or "•" instead of the number."""
    qs = exportmenge(nutzer=nutzer, indikator=indikator)
    if datenpflege:
        return datenimport.exportieren(MESSWERTE, qs, format_=format_)
    # Complete groups of every Kommune protected, then the reader's rows (schutz.werte_im_bereich).
    vollstaendig = list(
        Messwert.objects.fuer_anzeige(indikator=indikator).filter(
            indikator__art=Indikator.Art.QUANTITATIV
        )
    )
    anzeige = schuetzen(vollstaendig)
    messwerte = werte_im_bereich(vollstaendig, nutzer)
    felder = [s.feld for s in MESSWERTE.spalten]
    wert_index, n_index = felder.index("wert"), felder.index("fallzahl")
    with dateien.auf_deutsch():
        zeilen = []
        for mw in messwerte:
            zeile = MESSWERTE.zeile_fuer(mw)
            # The case count n behind a share is for the data stewards only.
            zeile[n_index] = None
            if anzeige[mw.pk].geschuetzt:
                zeile[wert_index] = anzeige[mw.pk].text
            zeilen.append(zeile)
        blatt = dateien.Blatt(titel=MESSWERTE.name, kopf=MESSWERTE.kopf(), zeilen=zeilen)
        if format_ == "xlsx":
            return dateien.xlsx_schreiben([blatt])
        return dateien.csv_schreiben(blatt)
