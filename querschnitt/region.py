"""The regional views (issue 12, point 2): Kommunen side by side for the region role.

Who: ``aktionsplan.bereich.regionsrolle`` — an installation with several Kommunen, and a person
with a role whose memberships cover the whole region or more than one Kommune (superusers too).
Every view shows only the Kommunen the person sees (``Raum.objects.fuer(user).kommunen()``).

* Status matrix: Kommunen × the status of their measures (counts; the measure list filters by
  Kommune and status, so each cell links there).
* Theme matrix: every Kommune has its own Leitbild and themes. Themes are grouped by their name
  (case and surrounding spaces ignored), ordered by their smallest position
  (``Thema.reihenfolge``) and then by name: Kommunen of one region often share their fields of
  action, and then a row compares them; a Kommune without a theme of that name shows "–". Each
  cell counts the measures with that theme as main theme (as the overview counts) and links to
  the measure list filtered by that theme.
* Indicator comparison: one indicator's latest value per Kommune, as a rate per 1,000
  inhabitants where the indicator counts people or cases and a population indicator exists
  (``monitoring.schutz.je_einwohner``, as the area comparison), else as stored (shares and rates
  are rates already). Protection as everywhere (``monitoring.schutz.schuetzen``), computed over
  the complete groups of all areas — not only those the person sees — so that a small count of a
  Kommune the person does not see cannot be worked out as the region's total minus the shown
  Kommunen either. The region's own value is shown only where the Kommunen compared are its
  children in the area tree: only then does secondary suppression cover "total − parts".
  No sum over the Kommunen is ever shown.
* Regional yearly report: each Kommune's adopted report of the year (with its frozen files), the
  Kommunen without one named, and a summary with the comparisons above. It has no adoption of
  its own: its numbers are those of today.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from aktionsplan.models import Raum, Thema
from aktionsplan.querysets import anzahl
from monitoring.models import Berichtsdatei, Berichtsfassung, Indikator, Messwert
from monitoring.schutz import Anzeigewert, je_einwohner, schuetzen
from projekte.models import Projektskizze, Status

# Rates per this many inhabitants (as the area comparison's "je 1.000").
JE_EINWOHNER = 1000


@dataclass(frozen=True)
class Kommune:
    """A Kommune as the regional views show it (from the cache: no query)."""

    pk: int
    name: str


@dataclass(frozen=True)
class Zelle:
    """One count of a matrix with the address of the measures it counts."""

    anzahl: int
    url: str


@dataclass
class Statuszeile:
    kommune: Kommune
    zellen: list[Zelle]
    gesamt: Zelle


@dataclass
class Themenzeile:
    """Themes of one name across the Kommunen; ``zellen`` has None where a Kommune has no
    theme of that name."""

    name: str
    zellen: list[Zelle | None]


def _liste_url(**parameter: object) -> str:
    return f"{reverse('projekte:projekt_liste')}?{urlencode(parameter)}"


def kommunen_fuer(nutzer) -> list[Kommune]:
    """The Kommunen ``nutzer`` sees (through the scope hook, ``fuer``), by name. One query."""
    kommunen = Raum.objects.fuer(nutzer).kommunen().order_by("name", "pk")
    return [Kommune(pk, name) for pk, name in kommunen.values_list("pk", "name")]


def statusmatrix(nutzer, kommunen: list[Kommune]) -> list[Statuszeile]:
    """Per Kommune the number of its measures in each status (``Status`` in lifecycle order) and
    in all, as ``nutzer`` may see them. One query (grouped COUNT)."""
    gruppen = (
        Projektskizze.objects.fuer(nutzer)
        .mit_aktuellem_stand()
        .filter(plan__kommune__in=[k.pk for k in kommunen])
        .order_by()
        .values("plan__kommune", "aktueller_status")
        .annotate(n=Count("pk"))
    )
    je: dict[tuple[int, str], int] = {
        (g["plan__kommune"], g["aktueller_status"]): g["n"] for g in gruppen
    }
    zeilen = []
    for kommune in kommunen:
        zellen = [
            Zelle(je.get((kommune.pk, s.value), 0), _liste_url(kommune=kommune.pk, status=s.value))
            for s in Status
        ]
        gesamt = Zelle(sum(z.anzahl for z in zellen), _liste_url(kommune=kommune.pk))
        zeilen.append(Statuszeile(kommune, zellen, gesamt))
    return zeilen


def themenmatrix(nutzer, kommunen: list[Kommune]) -> list[Themenzeile]:
    """Themes grouped by name × Kommunen (module docstring): the number of measures with the
    theme as main theme, as ``nutzer`` may see them. One query (themes with a COUNT subquery)."""
    spalte = {k.pk: i for i, k in enumerate(kommunen)}
    themen = (
        Thema.objects.fuer(nutzer)
        .filter(leitbild__kommune__in=list(spalte))
        .annotate(n=anzahl(Projektskizze.objects.fuer(nutzer).filter(hauptthema=OuterRef("pk"))))
        .values("pk", "name", "reihenfolge", "leitbild__kommune", "n")
    )
    gruppen: dict[str, dict] = {}
    for thema in themen:
        schluessel = " ".join(thema["name"].split()).casefold()
        gruppe = gruppen.setdefault(
            schluessel,
            {"name": thema["name"], "rang": thema["reihenfolge"], "zellen": [None] * len(kommunen)},
        )
        gruppe["rang"] = min(gruppe["rang"], thema["reihenfolge"])
        i = spalte[thema["leitbild__kommune"]]
        vorher = gruppe["zellen"][i]
        # Two themes of one name in one Kommune (two Leitbilder): counted together.
        n = thema["n"] + (vorher.anzahl if vorher else 0)
        gruppe["zellen"][i] = Zelle(
            n,
            vorher.url
            if vorher
            else _liste_url(kommune=thema["leitbild__kommune"], hauptthema=thema["pk"]),
        )
    return [
        Themenzeile(g["name"], g["zellen"])
        for g in sorted(gruppen.values(), key=lambda g: (g["rang"], g["name"].casefold()))
    ]


# --- Indicators --------------------------------------------------------------------------------


@dataclass
class Vergleichszeile:
    """One Kommune's (or the region's) protected value; ``wert`` None: no value."""

    name: str
    wert: Anzeigewert | None
    jahr: int | None


@dataclass
class Indikatorvergleich:
    indikator: Indikator
    einheit: str
    je_einwohner: bool
    zeilen: list[Vergleichszeile]
    region: Vergleichszeile | None = None
    hat_geschuetzte: bool = False
    jahre: list[int] = field(default_factory=list)
    # The years of shown rates that cannot be computed: no population of that year (QA3 F11).
    ohne_einwohnerzahl: list[int] = field(default_factory=list)


def einwohnerindikator() -> Indikator | None:
    """The population indicator (shared by the region; one query)."""
    return Indikator.objects.filter(ist_einwohnerzahl=True).order_by("pk").first()


def _zaehlt(indikator: Indikator, einwohner: Indikator | None) -> bool:
    """Whether ``indikator``'s values are shown per ``JE_EINWOHNER`` inhabitants."""
    return indikator.ist_anzahl and einwohner is not None and einwohner.pk != indikator.pk


def _als_rate(
    indikator: Indikator, anzeige: dict[int, Anzeigewert], jahre: list[int], einwohner
) -> tuple[dict[int, Anzeigewert], bool]:
    """Counts of people or cases turned into rates per ``JE_EINWOHNER`` (one query: the
    complete population groups of ``jahre``); anything else unchanged."""
    if not _zaehlt(indikator, einwohner):
        return anzeige, False
    bevoelkerung = Messwert.objects.fuer_anzeige(indikator=einwohner, jahre=jahre)
    return je_einwohner(anzeige, bevoelkerung, faktor=JE_EINWOHNER), True


def _einheit(indikator: Indikator, rate: bool) -> str:
    return _("je 1.000 Einwohnerinnen und Einwohner") if rate else indikator.einheit


def _region_des_vergleichs(messwerte: list[Messwert], kommunen: list[Kommune]) -> int | None:
    """The pk of the region area whose children are all compared Kommunen (None: none)."""
    eltern = {
        mw.raum.uebergeordnet_id for mw in messwerte if mw.raum_id in {k.pk for k in kommunen}
    }
    if len(eltern) != 1:
        return None
    (region,) = eltern
    ist_region = any(
        mw.raum_id == region and mw.raum.ebene == Raum.Ebene.REGION for mw in messwerte
    )
    return region if ist_region else None


def indikatorvergleich(
    indikator: Indikator, kommunen: list[Kommune], einwohner: Indikator | None
) -> Indikatorvergleich:
    """The latest value of ``indikator`` per Kommune, protected, as a rate where it counts
    (module docstring). Queries: the latest year per Kommune, the complete groups of those
    years, the population groups for a rate, and one more when the indicator is built on
    others (``schuetzen``)."""
    ids = [k.pk for k in kommunen]
    neueste = dict(
        Messwert.objects.filter(indikator=indikator, raum__in=ids)
        .order_by()
        .values_list("raum_id")
        .annotate(jahr=Max("jahr"))
    )
    jahre = sorted(set(neueste.values()))
    messwerte = (
        list(Messwert.objects.fuer_anzeige(indikator=indikator, jahre=jahre)) if jahre else []
    )
    anzeige, rate = (
        _als_rate(indikator, schuetzen(messwerte), jahre, einwohner) if messwerte else ({}, False)
    )
    je_raum_jahr = {(mw.raum_id, mw.jahr): anzeige[mw.pk] for mw in messwerte}
    zeilen = [
        Vergleichszeile(k.name, je_raum_jahr.get((k.pk, neueste.get(k.pk))), neueste.get(k.pk))
        for k in kommunen
    ]
    region = None
    region_pk = _region_des_vergleichs(messwerte, kommunen)
    if region_pk is not None and jahre:
        jahr = jahre[-1]
        wert = je_raum_jahr.get((region_pk, jahr))
        if wert is not None:
            name = next(mw.raum.name for mw in messwerte if mw.raum_id == region_pk)
            region = Vergleichszeile(name, wert, jahr)
    gezeigt = [*zeilen, *([region] if region else [])]
    return Indikatorvergleich(
        indikator=indikator,
        einheit=_einheit(indikator, rate),
        je_einwohner=rate,
        zeilen=zeilen,
        region=region,
        hat_geschuetzte=any(z.wert is not None and z.wert.geschuetzt for z in gezeigt),
        jahre=jahre,
        ohne_einwohnerzahl=sorted(
            {z.jahr for z in gezeigt if z.wert is not None and z.wert.ohne_einwohnerzahl}
        ),
    )


@dataclass
class Jahreszeile:
    """One indicator's protected values of one year, per Kommune (None: no value)."""

    indikator: Indikator
    einheit: str
    werte: list[Anzeigewert | None]


def indikatoren_im_jahr(
    nutzer, jahr: int, kommunen: list[Kommune], einwohner: Indikator | None
) -> list[Jahreszeile]:
    """Every quantitative indicator ``nutzer`` sees with a value of a shown Kommune in ``jahr``:
    its protected values per Kommune, counts as rates (as ``indikatorvergleich``). Queries: the
    complete groups of the year (all indicators), the population groups, and one more when some
    indicator is built on others."""
    ids = {k.pk for k in kommunen}
    indikatoren = Indikator.objects.fuer(nutzer).filter(
        art=Indikator.Art.QUANTITATIV, messwerte__jahr=jahr, messwerte__raum__in=ids
    )
    messwerte = list(
        Messwert.objects.fuer_anzeige(jahre=[jahr]).filter(indikator__in=indikatoren.values("pk"))
    )
    if not messwerte:
        return []
    anzeige = schuetzen(messwerte)
    zaehlend = {mw.pk for mw in messwerte if _zaehlt(mw.indikator, einwohner)}
    raten: dict[int, Anzeigewert] = {}
    if zaehlend and einwohner is not None:
        bevoelkerung = Messwert.objects.fuer_anzeige(indikator=einwohner, jahre=[jahr])
        raten = je_einwohner(
            {pk: anzeige[pk] for pk in zaehlend}, bevoelkerung, faktor=JE_EINWOHNER
        )
    je_indikator: dict[int, dict[int, Anzeigewert]] = defaultdict(dict)
    indikator_von: dict[int, Indikator] = {}
    for mw in messwerte:
        if mw.raum_id in ids:
            je_indikator[mw.indikator_id][mw.raum_id] = raten.get(mw.pk, anzeige[mw.pk])
            indikator_von[mw.indikator_id] = mw.indikator
    zeilen = []
    for pk, werte in je_indikator.items():
        indikator = indikator_von[pk]
        einheit = _einheit(indikator, _zaehlt(indikator, einwohner))
        zeilen.append(Jahreszeile(indikator, einheit, [werte.get(k.pk) for k in kommunen]))
    return sorted(zeilen, key=lambda z: z.indikator.name.casefold())


# --- Regional yearly report --------------------------------------------------------------------


@dataclass(frozen=True)
class Datei:
    titel: str
    url: str


@dataclass
class Berichtseintrag:
    """A Kommune's adopted report of the year (``fassung`` None: none adopted)."""

    kommune: Kommune
    fassung: Berichtsfassung | None
    dateien: list[Datei]


def _dateititel(variante: str, format_: str) -> str:
    return _("%(format)s, %(variante)s") % {
        "format": Berichtsdatei.Format(format_).label,
        "variante": Berichtsdatei.Variante(variante).label,
    }


def berichte_des_jahres(nutzer, jahr: int, kommunen: list[Kommune]) -> list[Berichtseintrag]:
    """Each Kommune's adopted report of ``jahr`` with its frozen files, as ``nutzer`` may see
    them. Two queries: the adopted reports, the names of their files (never their bytes)."""
    fassungen = {
        f.kommune_id: f
        for f in Berichtsfassung.objects.fuer(nutzer)
        .beschlossen()
        .filter(jahr=jahr, kommune__in=[k.pk for k in kommunen])
        .fuer_liste()
    }
    dateien: dict[int, list[Datei]] = defaultdict(list)
    if fassungen:
        for fassung_id, variante, format_ in (
            Berichtsdatei.objects.filter(fassung__in=[f.pk for f in fassungen.values()])
            .order_by("variante", "format")
            .values_list("fassung_id", "variante", "format")
        ):
            url = reverse(
                "monitoring:fassung_datei",
                kwargs={"pk": fassung_id, "variante": variante, "format_": format_},
            )
            dateien[fassung_id].append(Datei(_dateititel(variante, format_), url))
    return [
        Berichtseintrag(
            k,
            fassungen.get(k.pk),
            dateien.get(fassungen[k.pk].pk, []) if k.pk in fassungen else [],
        )
        for k in kommunen
    ]


def berichtsjahre(nutzer, kommunen: list[Kommune]) -> list[int]:
    """The years with an adopted report of a shown Kommune, newest first (one query)."""
    return list(
        Berichtsfassung.objects.fuer(nutzer)
        .beschlossen()
        .filter(kommune__in=[k.pk for k in kommunen])
        .order_by("-jahr")
        .values_list("jahr", flat=True)
        .distinct()
    )
