"""Protection of small numbers (Schutz kleiner Zahlen).

Contract:

* Primary protection: a value of an indicator with ``ist_fallzahl`` below its
  ``mindestfallzahl`` N is shown as "< N" on every page, chart, export and report, for every role.
  Only the data stewards' editing views show the real value (they read ``messwert.wert`` directly).
* Protected parent: if a parent area's value is protected, its children are protected too.
* Secondary suppression: within a group (one indicator, one year, a shown parent value and the
  values of its direct children) a protected child must not be derivable as total − shown parts.
  While one is, the smallest further shown child is withheld ("•"); if no child is left, the parent
  itself is withheld, which is then checked again in the group above it. The loop ends when no
  protected value in any group is determined by the displayed numbers.
* Across indicators (issue 9): a share or rate built on other indicators (``Indikator.zaehler``,
  ``nenner``; computed or entered) is withheld ("•") wherever its numerator or denominator is
  protected in its own group, primarily or secondarily — share × population or rate × population
  ÷ factor would give the count back. Where it is shown, its count is shown too, so it tells
  nothing more. An entered share or rate with its case count n (``Messwert.fallzahl``) is withheld
  below the indicator's minimum; one without n and without a numerator is withheld below the
  Kommune (Sozialraum, Viertel) unless the Datenpflege has confirmed the indicator as safe
  (``Indikator.ohne_n_freigegeben_am``).

A reader who sees "•" knows that value is not small (≥ N); a reader who sees "< N" knows it lies in
0 … N−1. The check below uses exactly that knowledge: a protected child is safe only if at least two
whole numbers remain possible for it.

``schuetzen`` needs complete groups: all values of every (indicator, year) it is given. Fetch them
with ``Messwert.objects.fuer_anzeige(...)``, which never filters by area.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktionsplan.bereich import im_bereich
from monitoring.models import Indikator, Messwert
from monitoring.quoten import quote_runden
from monitoring.zahlen import zahl_formatieren

ZURUECKGEHALTEN_ZEICHEN = "•"
# Areas below the Kommune: there an entered share without its n is withheld unless confirmed.
UNTER_KOMMUNE = ("sozialraum", "viertel")


class Grund(models.TextChoices):
    FALLZAHL = "fallzahl", _("Fallzahl unter der Mindestfallzahl – zum Schutz kleiner Zahlen")
    UEBERGEORDNET = (
        "uebergeordnet",
        _(
            "Wert des übergeordneten Raums ist eine kleine Fallzahl – zum Schutz kleiner Zahlen "
            "nicht ausgewiesen"
        ),
    )
    ZURUECKGEHALTEN = "zurueckgehalten", _("zum Schutz kleiner Zahlen zurückgehalten")
    BEZUG = (
        "bezug",
        _(
            "zurückgehalten, weil die zugrunde liegende Zahl zum Schutz kleiner Zahlen nicht "
            "ausgewiesen ist"
        ),
    )
    FALLZAHL_N = "fallzahl_n", _("Fallzahl n unter der Mindestfallzahl – zum Schutz kleiner Zahlen")
    OHNE_N = (
        "ohne_n",
        _(
            "Anteil ohne bekannte Fallzahl unterhalb der Kommune – zum Schutz kleiner Zahlen "
            "nicht ausgewiesen"
        ),
    )
    # Not a protection: a rate per inhabitants without the population of that year and area
    # (monitoring.schutz.je_einwohner); the cell says so in words (QA3 F11).
    OHNE_EINWOHNERZAHL = (
        "ohne_einwohnerzahl",
        _("keine Einwohnerzahl für dieses Jahr – Quote nicht berechenbar"),
    )


@dataclass(frozen=True)
class Anzeigewert:
    """What may be shown of one value. ``wert`` is None whenever the value is not shown.

    ``zeichen`` is the text of a value that is not shown ("< N", "•"); a shown value is formatted
    in the active language when ``text`` is first read. Protection runs over whole groups, of
    which a page shows a few values: formatting them all up front cost the yearly report 0.6 s
    at 100× the demo.
    """

    messwert: Messwert
    wert: Decimal | None
    zeichen: str | None
    geschuetzt: bool
    grund: Grund | None = None

    @cached_property
    def text(self) -> str:
        return self.zeichen if self.zeichen is not None else zahl_formatieren(self.wert)

    @property
    def erklaerung(self) -> str:
        if self.grund is None:
            return ""
        if self.grund in (Grund.FALLZAHL, Grund.FALLZAHL_N):
            return gettext("Fallzahl unter %(n)s – zum Schutz kleiner Zahlen nicht ausgewiesen") % {
                "n": self.messwert.indikator.mindestfallzahl
            }
        return str(self.grund.label)

    @property
    def vorlaeufig(self) -> bool:
        return self.messwert.vorlaeufig

    @property
    def ohne_einwohnerzahl(self) -> bool:
        """A rate that cannot be computed: the population of its year and area is missing."""
        return self.grund == Grund.OHNE_EINWOHNERZAHL

    @property
    def jahr(self) -> int:
        return self.messwert.jahr

    @property
    def raum(self):
        return self.messwert.raum

    @property
    def indikator(self):
        return self.messwert.indikator


def klarwert(messwert: Messwert) -> Anzeigewert:
    """The real value, for the data stewards' editing views only."""
    return Anzeigewert(messwert=messwert, wert=messwert.wert, zeichen=None, geschuetzt=False)


def ist_klein(messwert: Messwert) -> bool:
    """Primary protection: a case count below the indicator's minimum."""
    indikator = messwert.indikator
    return indikator.ist_kleine_zahl(messwert.wert)


def kleinzahl_text(n: int) -> str:
    """How a protected small number is shown: "< N" for the minimum case count N."""
    return f"< {n}"


def basis_geschuetzt(indikator: Indikator, basis: Anzeigewert | None) -> bool:
    """Whether the indicator's baseline must be hidden: it is a small number, or it equals the
    Kommune's value of the base year and that value is protected there (also by secondary
    suppression).

    ``basis`` is the protected display value of the Kommune in the base year, or None.
    """
    if indikator.ist_kleine_zahl(indikator.basiswert):
        return True
    return (
        basis is not None
        and basis.geschuetzt
        and indikator.basiswert is not None
        and basis.messwert.wert == indikator.basiswert
    )


def basiswert_text(indikator: Indikator, basis: Anzeigewert | None = None) -> str:
    """The baseline as shown outside the data stewards' views ("< N" or "•" when protected).

    Pass ``basis``, the Kommune's protected value of the base year, so that a baseline withheld
    there by secondary suppression is withheld here too.
    """
    if indikator.ist_kleine_zahl(indikator.basiswert):
        return kleinzahl_text(indikator.mindestfallzahl)
    if basis_geschuetzt(indikator, basis):
        return basis.text
    return zahl_formatieren(indikator.basiswert)


def werte_im_bereich(messwerte: Iterable[Messwert], nutzer) -> list[Messwert]:
    """The values of ``messwerte`` (with ``raum`` loaded) that ``nutzer`` may see
    (aktionsplan.bereich): the region's shared values and those of their Kommunen. No query.

    Protection runs over the complete groups of every Kommune, and only then are the rows
    narrowed: with groups cut down to one person's Kommunen, "region total minus the Kommunen
    shown" gave another Kommune's withheld small count (issue 12; the same rule as the
    regional views, querschnitt.region)."""
    return [mw for mw in messwerte if im_bereich(mw.raum.kommune_id, nutzer)]


def schuetzen(
    messwerte: Iterable[Messwert], quellen: Iterable[Messwert] | None = None
) -> dict[int, Anzeigewert]:
    """Protect complete groups of values; returns one Anzeigewert per Messwert pk.

    Needs ``indikator`` and ``raum`` loaded. No query, except one when some values are shares
    or rates built on other indicators (``Indikator.zaehler``/``nenner``): then the complete
    groups of those sources in the same years are loaded, unless given as ``quellen`` (values
    as stored then, e.g. as of the yearly report's date).
    """
    messwerte = list(messwerte)
    gruppen: dict[tuple[int, int], dict[int, Messwert]] = defaultdict(dict)
    for mw in messwerte:
        gruppen[(mw.indikator_id, mw.jahr)][mw.raum_id] = mw

    ergebnis: dict[int, Anzeigewert] = {}
    for gruppe in gruppen.values():
        ergebnis.update(_gruppe_schuetzen(gruppe))
    _quoten_schuetzen(messwerte, gruppen, ergebnis, quellen)
    return ergebnis


def _quoten_schuetzen(
    messwerte: list[Messwert],
    gruppen: dict[tuple[int, int], dict[int, Messwert]],
    ergebnis: dict[int, Anzeigewert],
    quellen: Iterable[Messwert] | None,
) -> None:
    """Protection across indicators (module docstring), in place on ``ergebnis``."""
    quoten = [mw for mw in messwerte if mw.indikator.ist_quote]
    if not quoten:
        return
    benoetigt = {
        (quelle_id, mw.jahr)
        for mw in quoten
        for quelle_id in (mw.indikator.zaehler_id, mw.indikator.nenner_id)
        if quelle_id is not None
    }
    fehlend = benoetigt - set(gruppen)
    quellgruppen: dict[tuple[int, int], dict[int, Messwert]] = {
        k: gruppen[k] for k in benoetigt & set(gruppen)
    }
    if fehlend:
        if quellen is None:
            quellen = Messwert.objects.filter(
                indikator__in={i for i, _j in fehlend}, jahr__in={j for _i, j in fehlend}
            ).select_related("raum", "indikator")
        for mw in quellen:
            if (mw.indikator_id, mw.jahr) in fehlend:
                quellgruppen.setdefault((mw.indikator_id, mw.jahr), {})[mw.raum_id] = mw
    quellanzeige: dict[tuple[int, int, int], Anzeigewert] = {}
    for (indikator_id, jahr), gruppe in quellgruppen.items():
        if (indikator_id, jahr) in gruppen:
            anzeige = {mw.pk: ergebnis[mw.pk] for mw in gruppe.values()}
        else:
            anzeige = _gruppe_schuetzen(gruppe)
        for raum_id, mw in gruppe.items():
            quellanzeige[(indikator_id, jahr, raum_id)] = anzeige[mw.pk]

    for mw in quoten:
        if ergebnis[mw.pk].geschuetzt:
            continue
        grund = _quote_grund(mw, quellanzeige)
        if grund is not None:
            ergebnis[mw.pk] = Anzeigewert(mw, None, ZURUECKGEHALTEN_ZEICHEN, True, grund)


def _quote_grund(
    mw: Messwert, quellanzeige: dict[tuple[int, int, int], Anzeigewert]
) -> Grund | None:
    """Why a share or rate must be withheld (None: it may be shown)."""
    indikator = mw.indikator
    zaehler = (
        quellanzeige.get((indikator.zaehler_id, mw.jahr, mw.raum_id))
        if indikator.zaehler_id is not None
        else None
    )
    nenner = (
        quellanzeige.get((indikator.nenner_id, mw.jahr, mw.raum_id))
        if indikator.nenner_id is not None
        else None
    )
    if any(q is not None and q.geschuetzt for q in (zaehler, nenner)):
        return Grund.BEZUG
    if indikator.berechnet:
        # Computed only where both sources have a value; a stale one is not shown.
        return None if zaehler is not None and nenner is not None else Grund.BEZUG
    if mw.fallzahl is not None:
        return Grund.FALLZAHL_N if mw.fallzahl < indikator.mindestfallzahl else None
    if zaehler is not None:
        return None  # the count behind the share is known and shown
    if mw.raum.ebene in UNTER_KOMMUNE and indikator.ohne_n_freigegeben_am is None:
        return Grund.OHNE_N
    return None


def _gruppe_schuetzen(je_raum: dict[int, Messwert]) -> dict[int, Anzeigewert]:
    beliebig = next(iter(je_raum.values()))
    indikator = beliebig.indikator
    if not indikator.ist_fallzahl:
        return {mw.pk: Anzeigewert(mw, mw.wert, None, geschuetzt=False) for mw in je_raum.values()}
    n = indikator.mindestfallzahl

    kinder: dict[int, list[Messwert]] = defaultdict(list)
    for mw in je_raum.values():
        oben = mw.raum.uebergeordnet_id
        if oben is not None and oben in je_raum:
            kinder[oben].append(mw)

    status: dict[int, Grund | None] = {
        raum_id: (Grund.FALLZAHL if ist_klein(mw) else None) for raum_id, mw in je_raum.items()
    }

    # A protected parent protects its children, down the whole tree.
    geaendert = True
    while geaendert:
        geaendert = False
        for eltern_id, liste in kinder.items():
            if status[eltern_id] not in (Grund.FALLZAHL, Grund.UEBERGEORDNET):
                continue
            for kind in liste:
                if status[kind.raum_id] is None:
                    status[kind.raum_id] = Grund.UEBERGEORDNET
                    geaendert = True

    # Secondary suppression until no protected value can be worked out from the shown numbers.
    geaendert = True
    while geaendert:
        geaendert = False
        for eltern_id, liste in kinder.items():
            if status[eltern_id] is not None:
                continue
            if not _gruppe_verraet(je_raum[eltern_id], liste, status, n):
                continue
            sichtbar = [k for k in liste if status[k.raum_id] is None]
            if sichtbar:
                opfer = min(sichtbar, key=lambda k: (k.wert, k.raum.name, k.raum_id))
                status[opfer.raum_id] = Grund.ZURUECKGEHALTEN
            else:
                status[eltern_id] = Grund.ZURUECKGEHALTEN
            geaendert = True

    ergebnis = {}
    for raum_id, mw in je_raum.items():
        grund = status[raum_id]
        if grund is None:
            ergebnis[mw.pk] = Anzeigewert(mw, mw.wert, None, False)
        elif grund == Grund.ZURUECKGEHALTEN or (grund == Grund.UEBERGEORDNET and mw.wert >= n):
            ergebnis[mw.pk] = Anzeigewert(mw, None, ZURUECKGEHALTEN_ZEICHEN, True, grund)
        else:
            ergebnis[mw.pk] = Anzeigewert(mw, None, kleinzahl_text(n), True, grund)
    return ergebnis


def _gruppe_verraet(
    eltern: Messwert, kinder: list[Messwert], status: dict[int, Grund | None], n: int
) -> bool:
    """Whether some protected child is pinned to a single whole number by total − shown parts.

    The reader knows: protected ("< N") lies in 0 … N−1, withheld ("•") is at least N.
    """
    verborgen = [k for k in kinder if status[k.raum_id] is not None]
    geschuetzt = [k for k in verborgen if status[k.raum_id] == Grund.FALLZAHL]
    if not geschuetzt:
        return False
    rest = eltern.wert - sum((k.wert for k in kinder if status[k.raum_id] is None), Decimal(0))
    for kind in geschuetzt:
        andere = [k for k in verborgen if k is not kind]
        min_andere = sum(
            (Decimal(n) if status[k.raum_id] == Grund.ZURUECKGEHALTEN else Decimal(0))
            for k in andere
        )
        if any(status[k.raum_id] == Grund.ZURUECKGEHALTEN for k in andere):
            max_andere = Decimal("Infinity")
        else:
            max_andere = Decimal(n - 1) * len(andere)
        unten = max(Decimal(0), rest - max_andere)
        oben = min(Decimal(n - 1), rest - min_andere)
        # Fewer than two whole numbers possible (or an inconsistent total): the value is exposed.
        if math.floor(oben) <= math.ceil(unten):
            return True
    return False


def je_einwohner(
    anzeige: dict[int, Anzeigewert], bevoelkerung: Iterable[Messwert], *, faktor: int
) -> dict[int, Anzeigewert]:
    """Protected counts turned into rates: count ÷ population × ``faktor`` (rounded as
    monitoring.quoten stores rates). A rate is shown only where both the count and the
    population are shown; a protected count stays withheld ("•"), an area without population
    reads "–" with the reason ``Grund.OHNE_EINWOHNERZAHL`` (not protected: the pages say in
    words that the rate cannot be computed). ``bevoelkerung``: the complete groups of the
    population indicator (no query)."""
    bevoelkerung = list(bevoelkerung)
    schutz = schuetzen(bevoelkerung)
    je_raum = {(mw.jahr, mw.raum_id): schutz[mw.pk] for mw in bevoelkerung}
    ergebnis = {}
    for pk, av in anzeige.items():
        mw = av.messwert
        einwohner = je_raum.get((mw.jahr, mw.raum_id))
        if av.geschuetzt or (einwohner is not None and einwohner.geschuetzt):
            ergebnis[pk] = Anzeigewert(mw, None, ZURUECKGEHALTEN_ZEICHEN, True, Grund.BEZUG)
        elif einwohner is None or not einwohner.wert:
            ergebnis[pk] = Anzeigewert(mw, None, "–", False, Grund.OHNE_EINWOHNERZAHL)
        else:
            wert = quote_runden(float(av.wert) * faktor / float(einwohner.wert))
            ergebnis[pk] = Anzeigewert(mw, wert, zahl_formatieren(wert), False)
    return ergebnis


def quotenschutz_text(indikator: Indikator) -> str:
    """How a share's or rate's values are protected, for its page ("" for a count). Needs
    ``zaehler`` and ``ohne_n_freigegeben_von`` loaded."""
    if not indikator.ist_quote:
        return ""
    if indikator.zaehler_id is not None:
        return gettext(
            "Werte werden zurückgehalten, wo die zugrunde liegende Zahl „%(zaehler)s“ zum "
            "Schutz kleiner Zahlen nicht ausgewiesen ist."
        ) % {"zaehler": indikator.zaehler.name}
    text = gettext("Mit bekannter Fallzahl n: unter %(n)s zurückgehalten. Ohne Fallzahl: ") % {
        "n": indikator.mindestfallzahl
    }
    if indikator.ohne_n_freigegeben_am is None:
        return text + gettext("unterhalb der Kommune (Sozialraum, Viertel) zurückgehalten.")
    wer = indikator.ohne_n_freigegeben_von
    return text + gettext(
        "gezeigt; die Datenpflege hat das als unbedenklich bestätigt (%(wer)s, %(wann)s)."
    ) % {
        "wer": (wer.get_full_name() or wer.get_username()) if wer else gettext("unbekannt"),
        "wann": date_format(timezone.localtime(indikator.ohne_n_freigegeben_am), "DATE_FORMAT"),
    }


def neueste_werte_fuer_raum(raum, messwerte: QuerySet[Messwert]) -> list[Anzeigewert]:
    """The latest value of every indicator for one area, protected, sorted by indicator name.

    ``messwerte`` are the values to choose from, of every Kommune (``werte_im_bereich``: the groups
    must be complete). One query: the complete groups (indicator, latest year with a value for
    this area).
    """
    messwerte = list(messwerte.neuestes_jahr_je_indikator(raum=raum))
    anzeige = schuetzen(messwerte)
    return sorted(
        (anzeige[mw.pk] for mw in messwerte if mw.raum_id == raum.pk),
        key=lambda av: av.messwert.indikator.name.casefold(),
    )


@dataclass(frozen=True)
class Kommunestand:
    """An indicator's protected Kommune values: the latest year's and the base year's."""

    aktuell: Anzeigewert | None
    basis: Anzeigewert | None


def kommunestand_je_indikator(
    indikatoren: Iterable[Indikator], messwerte: QuerySet[Messwert], kommune
) -> dict[int, Kommunestand]:
    """The latest and the base year's protected values of ``kommune`` per indicator pk (no entry
    for an indicator without values). One query: the complete groups of each indicator's latest
    Kommune year and of its base year. ``messwerte``: all values (``Messwert.objects.all()``):
    the groups must be complete across every Kommune (``werte_im_bereich``); only ``kommune``'s own
    values are returned."""
    indikatoren = list(indikatoren)
    if kommune is None or not indikatoren:
        return {}
    gruppen = list(
        messwerte.filter(indikator__in=[i.pk for i in indikatoren]).neuestes_jahr_je_indikator(
            raum=kommune, mit_basisjahr=True
        )
    )
    anzeige = schuetzen(gruppen)
    je_jahr: dict[int, dict[int, Anzeigewert]] = defaultdict(dict)
    for mw in gruppen:
        if mw.raum_id == kommune.pk:
            je_jahr[mw.indikator_id][mw.jahr] = anzeige[mw.pk]
    return {
        indikator.pk: Kommunestand(
            aktuell=je_jahr[indikator.pk][max(je_jahr[indikator.pk])],
            basis=je_jahr[indikator.pk].get(indikator.basisjahr),
        )
        for indikator in indikatoren
        if je_jahr.get(indikator.pk)
    }
