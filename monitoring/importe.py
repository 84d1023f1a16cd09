"""File import of measured values (CSV or XLSX as German offices produce them).

Two steps: ``datei_lesen`` turns the upload into plain rows (strings or numbers, JSON-safe, so they
can wait in the server-side session between preview and confirm); ``pruefen`` checks every row
against the database and says per row what would happen; ``uebernehmen`` re-checks and writes all
rows in one transaction, or nothing if any row is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from aktionsplan.models import Raum
from monitoring.models import Indikator, Messwert
from monitoring.schutz import Anzeigewert, schuetzen

SPALTEN = ("Indikator", "Jahr", "Raum", "Wert", "vorläufig", "Quellenhinweis")
PFLICHT = ("indikator", "jahr", "raum", "wert")
_SCHLUESSEL = {
    "indikator": "indikator",
    "jahr": "jahr",
    "raum": "raum",
    "wert": "wert",
    "vorlaufig": "vorlaeufig",
    "vorlaeufig": "vorlaeufig",
    "quellenhinweis": "quellenhinweis",
    "quelle": "quellenhinweis",
}
_JA = {"ja", "j", "x", "1", "true", "wahr", "yes", "vorläufig", "vorlaeufig"}
_NEIN = {"nein", "n", "0", "false", "falsch", "no", "", "endgültig", "endgueltig"}
_TAUSENDER = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


# The outcome shown instead of neu/geändert/unverändert when an existing value is protected.
GESCHUETZT = "geschuetzt"


class ImportFehler(Exception):  # noqa: N818 — German domain word
    """The file as a whole cannot be read (encoding, no header, missing columns)."""


@dataclass
class Zeile:
    nummer: int  # the row number as a spreadsheet shows it (header = 1)
    roh: dict[str, object]
    status: str = ""  # neu / geaendert / unveraendert / fehler
    fehler: list[str] = field(default_factory=list)
    indikator: Indikator | None = None
    raum: Raum | None = None
    jahr: int | None = None
    wert: Decimal | None = None
    vorlaeufig: bool = False
    quellenhinweis: str = ""
    bisher: Messwert | None = None
    # The existing value as everyone but the data stewards sees it (monitoring.schutz).
    bisher_anzeige: Anzeigewert | None = None

    @property
    def ist_fehler(self) -> bool:
        return bool(self.fehler)

    @property
    def ueberschreibt_geschuetzten(self) -> bool:
        return (
            not self.fehler and self.bisher_anzeige is not None and self.bisher_anzeige.geschuetzt
        )

    def status_fuer(self, *, datenpflege: bool) -> str:
        """The outcome as a user may see it. Whether an upload equals a protected existing value
        would give that value away (probing 0, 1, 2 …), so outside the data stewards a row that
        overwrites a protected value only says so."""
        if not datenpflege and self.ueberschreibt_geschuetzten:
            return GESCHUETZT
        return self.status


@dataclass
class Pruefung:
    zeilen: list[Zeile]

    @property
    def fehlerfrei(self) -> bool:
        return bool(self.zeilen) and not any(z.ist_fehler for z in self.zeilen)

    def anzahl(self, status: str, *, datenpflege: bool = True) -> int:
        return sum(1 for z in self.zeilen if z.status_fuer(datenpflege=datenpflege) == status)


def pruefsumme(inhalt: bytes) -> str:
    return hashlib.sha256(inhalt).hexdigest()


def _normalisieren(kopf: object) -> str:
    text = unicodedata.normalize("NFKD", str(kopf or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", text.lower())


def _text_dekodieren(inhalt: bytes) -> str:
    try:
        return inhalt.decode("utf-8-sig")
    except UnicodeDecodeError:
        return inhalt.decode("cp1252", errors="strict")


def _trennzeichen(kopfzeile: str) -> str:
    return max((";", "\t", ","), key=kopfzeile.count)


def datei_lesen(inhalt: bytes, dateiname: str) -> list[dict[str, object]]:
    """Rows as dicts with the canonical keys; raises ImportFehler for an unreadable file."""
    if dateiname.lower().endswith(".xlsx"):
        tabelle = _xlsx_zeilen(inhalt)
    else:
        try:
            text = _text_dekodieren(inhalt)
        except UnicodeDecodeError as fehler:
            raise ImportFehler(_("Die Datei ist weder UTF-8 noch Windows-1252.")) from fehler
        erste = text.splitlines()[0] if text.strip() else ""
        tabelle = list(csv.reader(io.StringIO(text), delimiter=_trennzeichen(erste)))
    versatz = 0
    while tabelle and not any(str(z if z is not None else "").strip() for z in tabelle[0]):
        tabelle.pop(0)
        versatz += 1
    if not tabelle:
        raise ImportFehler(_("Die Datei ist leer."))

    kopf = [_SCHLUESSEL.get(_normalisieren(k)) for k in tabelle[0]]
    fehlend = [s for s, p in zip(SPALTEN[:4], PFLICHT, strict=True) if p not in kopf]
    if fehlend:
        raise ImportFehler(
            _("Es fehlen Spalten: %(spalten)s. Erwartet: %(alle)s.")
            % {"spalten": ", ".join(fehlend), "alle": ", ".join(SPALTEN)}
        )
    zeilen = []
    for nummer, werte in enumerate(tabelle[1:], start=2 + versatz):
        if not any(str(w if w is not None else "").strip() for w in werte):
            continue
        roh: dict[str, object] = {"nummer": nummer}
        for schluessel, wert in zip(kopf, werte, strict=False):
            if schluessel:
                roh[schluessel] = wert
        zeilen.append(roh)
    return zeilen


def _xlsx_zeilen(inhalt: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        mappe = load_workbook(io.BytesIO(inhalt), read_only=True, data_only=True)
    except Exception as fehler:  # openpyxl raises many kinds for a broken file
        raise ImportFehler(_("Die XLSX-Datei kann nicht gelesen werden.")) from fehler
    blatt = mappe.worksheets[0]
    zeilen = []
    for reihe in blatt.iter_rows(values_only=True):
        zeilen.append([_json_sicher(z) for z in reihe])
    mappe.close()
    return zeilen


def _json_sicher(wert: object) -> object:
    if wert is None or isinstance(wert, (str, int, bool)):
        return wert
    if isinstance(wert, float):
        return int(wert) if wert.is_integer() else wert
    if isinstance(wert, Decimal):
        return str(wert)
    return str(wert)


def zahl_lesen(roh: object) -> Decimal:
    """ "1.234,5" → 1234.5; "12,5" → 12.5; "1.234" → 1234; numbers from XLSX as they are."""
    if isinstance(roh, bool):
        raise InvalidOperation
    if isinstance(roh, int):
        return Decimal(roh)
    if isinstance(roh, float):
        return Decimal(repr(roh))
    text = str(roh).strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _TAUSENDER.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise InvalidOperation
    return Decimal(text)


def pruefen(roh_zeilen: list[dict[str, object]]) -> Pruefung:
    """Check every row and compare with the database (3 queries, whatever the file size:
    indicators, areas, the existing values' whole protection groups)."""
    indikatoren = {i.name.casefold(): i for i in Indikator.objects.all()}
    raeume_slug: dict[str, Raum] = {}
    raeume_name: dict[str, list[Raum]] = {}
    for raum in Raum.objects.all():
        raeume_slug[raum.slug.casefold()] = raum
        raeume_name.setdefault(raum.name.casefold(), []).append(raum)

    zeilen = [_zeile_pruefen(roh, indikatoren, raeume_slug, raeume_name) for roh in roh_zeilen]

    gesehen: dict[tuple[int, int, int], int] = {}
    for z in zeilen:
        if z.indikator and z.raum and z.jahr:
            schluessel = (z.indikator.pk, z.jahr, z.raum.pk)
            if schluessel in gesehen:
                z.fehler.append(
                    _(
                        "Zeile %(n)s: doppelt – derselbe Indikator, dasselbe Jahr und derselbe "
                        "Raum stehen schon in Zeile %(erste)s."
                    )
                    % {"n": z.nummer, "erste": gesehen[schluessel]}
                )
            else:
                gesehen[schluessel] = z.nummer

    gueltig = [z for z in zeilen if z.indikator and z.raum and z.jahr]
    # Whole groups (not just the rows named in the file), so that the protection of the existing
    # values is computed as on every other page.
    gruppen = (
        list(
            Messwert.objects.fuer_anzeige(
                indikatoren={z.indikator.pk for z in gueltig}, jahre={z.jahr for z in gueltig}
            )
        )
        if gueltig
        else []
    )
    bisher = {(mw.indikator_id, mw.jahr, mw.raum_id): mw for mw in gruppen}
    anzeige = schuetzen(gruppen)

    for z in zeilen:
        if z.fehler:
            z.status = "fehler"
            continue
        z.bisher = bisher.get((z.indikator.pk, z.jahr, z.raum.pk))
        z.bisher_anzeige = anzeige.get(z.bisher.pk) if z.bisher is not None else None
        if z.bisher is None:
            z.status = "neu"
        elif (z.bisher.wert, z.bisher.vorlaeufig, z.bisher.quellenhinweis) == (
            z.wert,
            z.vorlaeufig,
            z.quellenhinweis,
        ):
            z.status = "unveraendert"
        else:
            z.status = "geaendert"
    return Pruefung(zeilen)


def _text(roh: dict, schluessel: str) -> str:
    wert = roh.get(schluessel)
    return "" if wert is None else str(wert).strip()


def _zeile_pruefen(roh, indikatoren, raeume_slug, raeume_name) -> Zeile:
    z = Zeile(nummer=int(roh["nummer"]), roh=roh)

    def fehler(spalte: str, text: str) -> None:
        z.fehler.append(
            _("Zeile %(n)s, Spalte „%(spalte)s“: %(text)s")
            % {"n": z.nummer, "spalte": spalte, "text": text}
        )

    name = _text(roh, "indikator")
    z.indikator = indikatoren.get(name.casefold())
    if not name:
        fehler("Indikator", _("fehlt."))
    elif z.indikator is None:
        fehler("Indikator", _("„%(name)s“ ist kein bekannter Indikator.") % {"name": name})
    elif z.indikator.art != Indikator.Art.QUANTITATIV:
        fehler(
            "Indikator", _("„%(name)s“ ist qualitativ und hat keine Zahlenwerte.") % {"name": name}
        )
        z.indikator = None

    jahr = _text(roh, "jahr")
    try:
        z.jahr = int(zahl_lesen(jahr)) if jahr else None
        if z.jahr is None:
            fehler("Jahr", _("fehlt."))
        elif not 1990 <= z.jahr <= 2100 or Decimal(z.jahr) != zahl_lesen(jahr):
            fehler("Jahr", _("„%(jahr)s“ ist kein Jahr zwischen 1990 und 2100.") % {"jahr": jahr})
            z.jahr = None
    except InvalidOperation:
        fehler("Jahr", _("„%(jahr)s“ ist keine Jahreszahl.") % {"jahr": jahr})

    raum = _text(roh, "raum")
    treffer = raeume_name.get(raum.casefold(), [])
    if not raum:
        fehler("Raum", _("fehlt."))
    elif raum.casefold() in raeume_slug:
        z.raum = raeume_slug[raum.casefold()]
    elif len(treffer) == 1:
        z.raum = treffer[0]
    elif len(treffer) > 1:
        fehler(
            "Raum", _("„%(raum)s“ ist mehrdeutig – bitte den Kurznamen angeben.") % {"raum": raum}
        )
    else:
        fehler("Raum", _("„%(raum)s“ ist kein bekannter Raum.") % {"raum": raum})

    wert = roh.get("wert")
    try:
        if wert is None or str(wert).strip() == "":
            fehler("Wert", _("fehlt."))
        else:
            z.wert = zahl_lesen(wert)
            if z.wert != z.wert.quantize(Decimal("0.01")):
                fehler("Wert", _("höchstens zwei Nachkommastellen."))
            elif abs(z.wert) >= Decimal("1e12"):
                fehler("Wert", _("Die Zahl ist zu groß."))
            elif z.indikator is not None and (grund := z.indikator.wert_unplausibel(z.wert)):
                fehler("Wert", grund)
            else:
                z.wert = z.wert.quantize(Decimal("0.01"))
    except InvalidOperation:
        fehler("Wert", _("„%(wert)s“ ist keine Zahl (z. B. 1.234,5).") % {"wert": wert})

    vorlaeufig = _text(roh, "vorlaeufig").lower()
    if vorlaeufig in _JA:
        z.vorlaeufig = True
    elif vorlaeufig not in _NEIN:
        fehler("vorläufig", _("„%(text)s“ – bitte „ja“ oder „nein“.") % {"text": vorlaeufig})

    z.quellenhinweis = _text(roh, "quellenhinweis")
    if len(z.quellenhinweis) > 300:
        fehler("Quellenhinweis", _("höchstens 300 Zeichen."))
    return z


def uebernehmen(*, roh_zeilen: list[dict[str, object]]) -> Pruefung:
    """Re-check and write all rows, or nothing. Returns the check (with the final statuses)."""
    with transaction.atomic():
        pruefung = pruefen(roh_zeilen)
        if not pruefung.fehlerfrei:
            return pruefung
        for z in pruefung.zeilen:
            if z.status == "neu":
                mw = Messwert(
                    indikator=z.indikator,
                    jahr=z.jahr,
                    raum=z.raum,
                    wert=z.wert,
                    vorlaeufig=z.vorlaeufig,
                    quellenhinweis=z.quellenhinweis,
                )
                mw.full_clean()
                mw.save()
            elif z.status == "geaendert":
                mw = z.bisher
                mw.wert, mw.vorlaeufig, mw.quellenhinweis = z.wert, z.vorlaeufig, z.quellenhinweis
                mw.full_clean(validate_unique=False)
                mw.save(update_fields=["wert", "vorlaeufig", "quellenhinweis", "geaendert_am"])
    return pruefung


def vorlage_csv() -> bytes:
    zeilen = [
        SPALTEN,
        ("Name des Indikators", "2025", "Atsch", "1.234,5", "nein", "Lieferung 03/2026"),
    ]
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    return puffer.getvalue().encode("utf-8-sig")


def vorlage_xlsx() -> bytes:
    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Messwerte"
    blatt.append(list(SPALTEN))
    blatt.append(["Name des Indikators", 2025, "Atsch", 1234.5, "nein", "Lieferung 03/2026"])
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


__all__ = [
    "GESCHUETZT",
    "ImportFehler",
    "Pruefung",
    "datei_lesen",
    "pruefen",
    "pruefsumme",
    "uebernehmen",
    "vorlage_csv",
    "vorlage_xlsx",
]
