"""The benchmark's data: N times the Stolberg demo, built through the write path.

Runs inside Django, one command per call, against the database in DATABASE_URL:

    python -m bench.daten vervielfachen --faktor 100   # the demo must be loaded already
    python -m bench.daten region                        # on top of `manage.py demo --region`
    python -m bench.daten ziele [--benutzer NAME]       # sample URLs as JSON
    python -m bench.daten sitzung lesen                 # a session cookie for a demo user
    python -m bench.daten zaehlen                       # row counts as JSON

**1×** is the demo as ``manage.py demo`` loads it, every row through ``aktionsplan.sperre`` and
the services (versions, history rows, and whatever current state the services keep).

**N×** adds N−1 copies of everything that hangs off the demo's plans, actors, data sources,
indicators, participation events, findings and people: measures with their reports, milestones,
funding and actors' roles, indicators with their values, and so on — each copy together with the
history rows the services wrote for the original, remapped to the copy. So every copy has exactly
the versions, history and stored state of the demo (a bulk path: one INSERT per table and batch
instead of one service call per row, which would take most of an hour at 100×). What the demo
shares by nature stays single: the Leitbild, its themes, the areas, target groups, UN-BRK articles,
actor types and roles. Names that must be unique get the copy's number.

**Region** (``region``, issue 12 point 6): on top of ``manage.py demo --region`` (10 Kommunen,
93 Sozialräume), every Kommune gets copies of Stolberg's rows, mapped into that Kommune (its own
plans, actors and people; values on its own Sozialräume), until it has about 250 measures; then
every measure gets older reports up to 12: about 2,500 measures, 30,000 reports and 100,000
values, all with their history (``region``).

The set of copied models is found from the models themselves (the roots below and every model
with a required foreign key to a copied one), so a model added later that hangs off a measure
(a stored current state, say) is copied with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aktionsplan.models import Raum

# Starting points of a copy: the demo's own rows that nothing else in a copy owns.
WURZELN = (
    "auth.User",
    "aktionsplan.Plan",
    "aktionsplan.Beteiligungsformat",
    "akteure.Akteur",
    "akteure.Datenquelle",
    "monitoring.Indikator",
    "monitoring.Erkenntnis",
)
APPS = {"auth", "aktionsplan", "akteure", "projekte", "monitoring"}
# Copies per bulk INSERT round: bounds memory, keeps the number of statements low.
KOPIEN_JE_RUNDE = 10
STAPEL = 2000


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konfiguration.settings")
    import django

    django.setup()


# --- which models, in which order ---------------------------------------------------------------


def _fremdschluessel(modell) -> list:
    return [f for f in modell._meta.concrete_fields if f.is_relation and f.many_to_one]


def _ist_historie(modell) -> bool:
    return hasattr(modell, "instance_type") and any(
        f.name == "history_id" for f in modell._meta.concrete_fields
    )


def _ist_m2m_historie(modell) -> bool:
    return any(f.name == "m2m_history_id" for f in modell._meta.concrete_fields)


def kopiermodelle() -> list:
    """The models a copy holds, in an order where every required foreign key points backwards."""
    from django.apps import apps

    kandidaten = [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS
        and m._meta.managed
        and not m._meta.proxy
        and not m._meta.auto_created
        and not _ist_historie(m)
        and not _ist_m2m_historie(m)
    ]
    menge = {apps.get_model(label) for label in WURZELN}
    for _runde in range(len(kandidaten)):  # closure; bounded by the number of models
        neu = {
            m
            for m in kandidaten
            if m not in menge
            and any(f.related_model in menge and not f.null for f in _fremdschluessel(m))
        }
        if not neu:
            break
        menge |= neu
    fertig: list = []
    rest = sorted(menge, key=lambda m: m._meta.label)
    for _runde in range(len(menge) + 1):
        if not rest:
            break
        bereit = [
            m
            for m in rest
            if all(f.related_model not in rest or f.related_model is m for f in _fremdschluessel(m))
        ]
        if not bereit:  # a cycle: start with a model whose open references may be empty
            bereit = [
                next(
                    m
                    for m in rest
                    if all(f.null for f in _fremdschluessel(m) if f.related_model in rest)
                )
            ]
        fertig += bereit
        rest = [m for m in rest if m not in bereit]
    return fertig


# --- copying ------------------------------------------------------------------------------------


def _eindeutig(feld, wert: Any, kopie: int) -> Any:
    """A unique text field's value in copy ``kopie`` (slugs and usernames with a hyphen)."""
    from django.db import models

    if wert in (None, ""):
        return wert
    if isinstance(feld, models.SlugField) or feld.name == "username":
        return f"{wert}-{kopie}"[: feld.max_length]
    return f"{wert} ({kopie})"[: feld.max_length]


def _eindeutige_felder(modell) -> set[str]:
    from django.db import models

    felder = {
        f.name
        for f in modell._meta.concrete_fields
        if f.unique and not f.primary_key and isinstance(f, models.CharField)
    }
    # Texts unique together with other fields (a plan's name within its Kommune): copies of
    # one Kommune would repeat them.
    for regel in modell._meta.constraints:
        if isinstance(regel, models.UniqueConstraint) and regel.fields:
            felder |= {
                n for n in regel.fields if isinstance(modell._meta.get_field(n), models.CharField)
            }
    return felder


def _einzige_flags(modell) -> set[str]:
    """Boolean fields that at most one row may set (a UniqueConstraint on the field alone,
    conditioned on it, as ``Indikator.ist_einwohnerzahl``): copies leave them unset."""
    from django.db import models

    flags = set()
    for regel in modell._meta.constraints:
        if isinstance(regel, models.UniqueConstraint) and regel.condition is not None:
            felder = list(regel.fields)
            if len(felder) == 1 and isinstance(
                modell._meta.get_field(felder[0]), models.BooleanField
            ):
                flags.add(felder[0])
    return flags


# Flags that a check constraint ties to references within the same table (a computed indicator
# needs its numerator and denominator): a copy whose references are set after the insert gets the
# flag after them too.
ERST_NACH_VERWEISEN = {"monitoring.Indikator": "berechnet"}


# An area a copy has no counterpart for (``Kopierer.raumkarten``): rows that need it are left out.
WEG = -1


class Kopierer:
    """Copies the demo's rows ``faktor − 1`` times, with their history and many-to-many rows.

    ``vorlage``: the pk of a Kommune; only its rows (and the rows hanging off them, and the
    region's indicators) are copied, so another Kommune's rows in a region are not.
    ``raumkarten``: per copy number, old area pk → new area pk (or ``WEG``): the copy belongs to
    another Kommune. Every foreign key to an area, in the rows, their history and their
    many-to-many rows, is mapped; a row whose required area has no counterpart is left out with
    everything that hangs off it (a nullable reference becomes empty instead).
    """

    def __init__(
        self, vorlage: int | None = None, raumkarten: dict[int, dict[int, int]] | None = None
    ) -> None:
        from django.apps import apps

        self.modelle = kopiermodelle()
        self.historie = {
            m.instance_type: m
            for m in apps.get_models()
            if _ist_historie(m) and m.instance_type in self.modelle
        }
        self.m2m_historie: dict = defaultdict(list)  # history model → its m2m history models
        for m in apps.get_models():
            if _ist_m2m_historie(m):
                historie = m._meta.get_field("history").related_model
                if historie in self.historie.values():
                    self.m2m_historie[historie].append(m)
        self.durch = [  # (model, m2m field) with a table Django made for it
            (m, f)
            for m in self.modelle
            for f in m._meta.local_many_to_many
            if f.remote_field.through._meta.auto_created
        ]
        self.eindeutig = {m: _eindeutige_felder(m) for m in self.modelle}
        for modell, historie in self.historie.items():
            self.eindeutig[historie] = self.eindeutig[modell]
        # The originals, read once before anything is copied.
        self.zeilen = {m: self._lesen(m) for m in self._alle_tabellen()}
        self.raumkarten = raumkarten or {}
        self.raum = apps.get_model("aktionsplan", "Raum")
        if vorlage is not None:
            self._beschraenken(vorlage)

    def _beschraenken(self, vorlage: int) -> None:
        """Keep only the originals of Kommune ``vorlage``: rows whose path to a Kommune
        (``kommune_pfad``) ends there, people whose roles hold for it alone, the region's
        indicators, and whatever hangs off kept rows (in the order of ``kopiermodelle``)."""
        from django.db.models import Count, Q

        behalten: dict = {}
        for modell in self.modelle:
            pfad = getattr(modell._base_manager.get_queryset(), "kommune_pfad", None)
            if pfad is None:
                pfad = getattr(modell._default_manager.get_queryset(), "kommune_pfad", None)
            zeilen = self.zeilen[modell]
            if pfad is not None:
                erlaubt = set(
                    modell._base_manager.filter(**{pfad: vorlage}).values_list("pk", flat=True)
                )
                zeilen = [z for z in zeilen if z[modell._meta.pk.attname] in erlaubt]
            elif modell._meta.label == "auth.User":
                erlaubt = set(
                    modell._base_manager.filter(is_superuser=False)
                    .annotate(
                        n=Count("zustaendigkeiten", distinct=True),
                        hier=Count("zustaendigkeiten", filter=Q(zustaendigkeiten__kommune=vorlage)),
                    )
                    .filter(n=1, hier=1)
                    .values_list("pk", flat=True)
                )
                zeilen = [z for z in zeilen if z["id"] in erlaubt]
            zeilen = self._haengend(modell, zeilen, behalten)
            self.zeilen[modell] = zeilen
            behalten[modell] = {z[modell._meta.pk.attname] for z in zeilen}
        for _modell, feld in self.durch:
            durch = feld.remote_field.through
            self.zeilen[durch] = self._haengend(durch, self.zeilen[durch], behalten)
        for modell, historie in self.historie.items():
            alle = set(modell._base_manager.values_list("pk", flat=True))
            self.zeilen[historie] = [
                z
                for z in self.zeilen[historie]
                if z["id"] in behalten[modell] or z["id"] not in alle
            ]
            geschichte = {z["history_id"] for z in self.zeilen[historie]}
            for m2m in self.m2m_historie[historie]:
                self.zeilen[m2m] = [z for z in self.zeilen[m2m] if z["history_id"] in geschichte]

    @staticmethod
    def _haengend(modell, zeilen: list[dict], behalten: dict) -> list[dict]:
        """``zeilen`` less those whose required reference points at a row not kept."""
        pflicht = [
            f
            for f in _fremdschluessel(modell)
            if f.related_model in behalten and not f.null and not f.primary_key
        ]
        return [
            z for z in zeilen if all(z[f.attname] in behalten[f.related_model] for f in pflicht)
        ]

    def _alle_tabellen(self) -> list:
        tabellen = list(self.modelle)
        tabellen += [f.remote_field.through for _m, f in self.durch]
        for historie in self.historie.values():
            tabellen += [historie, *self.m2m_historie[historie]]
        return tabellen

    @staticmethod
    def _lesen(modell) -> list[dict]:
        spalten = [f.attname for f in modell._meta.concrete_fields]
        return list(modell._base_manager.order_by("pk").values(*spalten))

    def anzahl_zeilen(self) -> int:
        return sum(len(z) for z in self.zeilen.values())

    def kopieren(self, faktor: int) -> None:
        from django.db import transaction

        kopien = list(range(2, faktor + 1))
        for start in range(0, len(kopien), KOPIEN_JE_RUNDE):
            runde = kopien[start : start + KOPIEN_JE_RUNDE]
            with transaction.atomic():
                self._runde(runde)
            print(f"  Kopien bis {runde[-1]} von {faktor} angelegt", flush=True)

    def _runde(self, kopien: list[int]) -> None:
        # karte[kopie][modell][alte pk] = neue pk; weg[kopie][modell]: originals left out
        karte: dict[int, dict] = {k: defaultdict(dict) for k in kopien}
        self.weg: dict[int, dict] = {k: defaultdict(set) for k in kopien}
        nachtraege: list[tuple] = []  # (modell, feld, kopie, neue pk, alter Wert)
        for modell in self.modelle:
            self._tabelle(modell, kopien, karte, nachtraege)
        for modell, feld, kopie, neu, alt in nachtraege:
            if feld is None:  # a flag held back until the references were set (see below)
                modell._base_manager.filter(pk=neu).update(**alt)
                continue
            ziel = karte[kopie][feld.related_model].get(alt, alt)
            modell._base_manager.filter(pk=neu).update(**{feld.attname: ziel})
        for _modell, feld in self.durch:
            self._tabelle(feld.remote_field.through, kopien, karte, [])
        for modell, historie in self.historie.items():
            self._tabelle(historie, kopien, karte, [], quelle=modell)
            for m2m in self.m2m_historie[historie]:
                feldname = m2m._meta.object_name.removeprefix(historie._meta.object_name + "_")
                durch = modell._meta.get_field(feldname).remote_field.through
                self._tabelle(m2m, kopien, karte, [], quelle=durch)

    def _tabelle(
        self, modell, kopien: list[int], karte: dict, nachtraege: list, quelle=None
    ) -> None:
        """Insert the copies of one table's original rows; remember old → new keys.

        ``quelle``: for history tables, the model whose key the ``id`` column holds.
        """
        originale = self.zeilen[modell]
        if not originale:
            return
        pk = modell._meta.pk
        eindeutig = self.eindeutig.get(modell, set())
        fks = [f for f in _fremdschluessel(modell) if f is not pk]
        objekte, herkunft, offen, gesperrt = [], [], [], []
        raumfelder = [f for f in fks if f.related_model is self.raum]
        m2m_zeile = modell._meta.auto_created or _ist_m2m_historie(modell)
        for kopie in kopien:
            abbildung = karte[kopie]
            weg = self.weg[kopie]
            raumkarte = self.raumkarten.get(kopie)
            for zeile in originale:
                werte = dict(zeile)
                alt_pk = werte.pop(pk.attname)
                if quelle is not None and werte.get("id") in weg[quelle]:
                    weg[modell].add(alt_pk)  # the history of a row left out
                    continue
                if any(
                    werte[f.attname] in weg[f.related_model] for f in fks if f.related_model in weg
                ):
                    weg[modell].add(alt_pk)  # hangs off a row left out
                    continue
                if raumkarte and not self._raeume_abbilden(werte, raumfelder, raumkarte, m2m_zeile):
                    weg[modell].add(alt_pk)
                    continue
                if quelle is not None and werte.get("id") is not None:
                    werte["id"] = abbildung[quelle].get(werte["id"], werte["id"])
                for name in eindeutig:
                    werte[name] = _eindeutig(modell._meta.get_field(name), werte[name], kopie)
                if quelle is None:
                    for name in _einzige_flags(modell):
                        werte[name] = False
                for feld in fks:
                    alt = werte[feld.attname]
                    if alt is None or feld.related_model not in self.zeilen:
                        continue
                    ziel = abbildung[feld.related_model]
                    if alt in ziel:
                        werte[feld.attname] = ziel[alt]
                    elif feld.related_model in self.modelle and feld.null and quelle is None:
                        # Not copied yet (a reference to itself or within a cycle): set after.
                        werte[feld.attname] = None
                        offen.append((feld, kopie, len(objekte), alt))
                flag = ERST_NACH_VERWEISEN.get(modell._meta.label)
                if flag and werte.get(flag) and any(o[2] == len(objekte) for o in offen):
                    # A check constraint ties the flag to the references set afterwards.
                    werte[flag] = False
                    gesperrt.append((len(objekte), flag))
                objekte.append(modell(**werte))
                herkunft.append((kopie, alt_pk))
        if not objekte:
            return
        modell._base_manager.bulk_create(objekte, batch_size=STAPEL)
        for objekt, (kopie, alt_pk) in zip(objekte, herkunft, strict=True):
            karte[kopie][modell][alt_pk] = objekt.pk
        nachtraege += [(modell, f, k, objekte[i].pk, alt) for f, k, i, alt in offen]
        nachtraege += [(modell, None, 0, objekte[i].pk, {flag: True}) for i, flag in gesperrt]

    @staticmethod
    def _raeume_abbilden(
        werte: dict, raumfelder: list, raumkarte: dict[int, int], ganz_oder_gar_nicht: bool
    ) -> bool:
        """Map the area references of one row into the copy's Kommune. False: the row is left
        out, because a required area has no counterpart, or any area of a many-to-many row or
        its history (``ganz_oder_gar_nicht``); a nullable reference without one becomes empty.
        (The history rows of a row left out are left out before, by ``weg``.)"""
        for feld in raumfelder:
            alt = werte[feld.attname]
            if alt is None:
                continue
            neu = raumkarte.get(alt, alt)
            if neu == WEG:
                if not feld.null or ganz_oder_gar_nicht:
                    return False
                neu = None
            werte[feld.attname] = neu
        return True


# --- the region ---------------------------------------------------------------------------------


def raumkarte(vorlage: Raum, kommune: Raum) -> dict[int, int]:
    """Old area pk → new area pk for a copy of Kommune ``vorlage``'s rows that belongs to
    ``kommune`` (both ``Raum`` rows of the level Kommune): the Kommune itself, then its
    Sozialräume in the order of their names, one to one (those of ``vorlage`` beyond the number
    of ``kommune``'s have no counterpart: ``WEG``); Viertel have none either."""
    from aktionsplan.models import Raum

    karte = {vorlage.pk: kommune.pk}
    alte = list(
        Raum.objects.filter(kommune=vorlage, ebene=Raum.Ebene.SOZIALRAUM).order_by("name", "pk")
    )
    neue = list(
        Raum.objects.filter(kommune=kommune, ebene=Raum.Ebene.SOZIALRAUM).order_by("name", "pk")
    )
    for i, raum in enumerate(alte):
        karte[raum.pk] = neue[i].pk if i < len(neue) else WEG
    for pk in Raum.objects.filter(kommune=vorlage, ebene=Raum.Ebene.VIERTEL).values_list(
        "pk", flat=True
    ):
        karte[pk] = WEG
    return karte


def region(
    massnahmen_je_kommune: int = 250,
    sachstaende_je_massnahme: int = 12,
    messwerte: int = 100_000,
) -> dict[str, Any]:
    """Synthetic data for a region, on top of ``manage.py demo --region`` (Kommunen as areas of
    the level Kommune with their Sozialräume; the Kommune with the demo's measures is the
    template, Stolberg).

    Every Kommune gets copies of the template's rows (plans, measures with reports, milestones,
    funding and actors' roles, local actors, people scoped to it, indicators with their values
    on its own Kommune and Sozialräume), each with its history (``Kopierer``), until it has about
    ``massnahmen_je_kommune`` measures; then every measure gets older reports up to
    ``sachstaende_je_massnahme`` (``sachstaende_auffuellen``) and the value series earlier years
    up to ``messwerte`` values in all (``messwerte_auffuellen``: small Kommunen have fewer
    Sozialräume than Stolberg, so the copies alone bring fewer). The region's shared rows (UN-BRK
    articles, target groups, regional actors) stay single; the copies refer to the template's
    Leitbild and themes. Returns the row counts (``zaehlen``) and the measures per Kommune.
    Raises SystemExit when the database has fewer than two Kommunen or no measures.
    """
    from django.db.models import Count

    from aktionsplan.models import Raum
    from projekte.models import Projektskizze

    kommunen = list(Raum.objects.filter(ebene=Raum.Ebene.KOMMUNE).order_by("amtlicher_schluessel"))
    if len(kommunen) < 2:
        raise SystemExit("Keine Region: zuerst manage.py demo --region")
    je_kommune = dict(
        Projektskizze.objects.values_list("plan__kommune")
        .annotate(n=Count("pk"))
        .values_list("plan__kommune", "n")
    )
    if not je_kommune:
        raise SystemExit("Keine Maßnahmen: zuerst manage.py demo --region")
    vorlage = next(k for k in kommunen if k.pk == max(je_kommune, key=je_kommune.get))
    kopierer = Kopierer(vorlage=vorlage.pk)
    massnahmen = len(kopierer.zeilen[Projektskizze])
    # Copy numbers from 2 (the original is 1), in rounds of KOPIEN_JE_RUNDE; each its Kommune.
    raumkarten: dict[int, dict[int, int]] = {}
    kopie = 1
    for kommune in kommunen:
        anzahl = round((massnahmen_je_kommune - je_kommune.get(kommune.pk, 0)) / massnahmen)
        karte = {} if kommune.pk == vorlage.pk else raumkarte(vorlage, kommune)
        for _i in range(max(0, anzahl)):
            kopie += 1
            raumkarten[kopie] = karte
    kopierer.raumkarten = raumkarten
    print(
        f"  Vorlage {vorlage.name}: {massnahmen} Maßnahmen, {kopierer.anzahl_zeilen()} Zeilen je "
        f"Kopie (mit Verlauf), {kopie - 1} Kopien auf {len(kommunen)} Kommunen",
        flush=True,
    )
    kopierer.kopieren(kopie)
    sachstaende_auffuellen(sachstaende_je_massnahme)
    messwerte_auffuellen(messwerte)
    ergebnis: dict[str, Any] = zaehlen()
    ergebnis["Kommunen"] = len(kommunen)
    ergebnis["Sozialräume"] = Raum.objects.filter(ebene=Raum.Ebene.SOZIALRAUM).count()
    ergebnis["Maßnahmen je Kommune"] = dict(
        Projektskizze.objects.values_list("plan__kommune__name")
        .annotate(n=Count("pk"))
        .order_by("plan__kommune__amtlicher_schluessel")
    )
    return ergebnis


# Days between two synthetic reports of a measure: a report each quarter.
SACHSTAND_ABSTAND_TAGE = 91


def sachstaende_auffuellen(je_massnahme: int) -> int:
    """Give every measure with fewer than ``je_massnahme`` reports older ones, a quarter apart
    before its oldest (same status and author, less progress), each with its history row
    (simple-history's bulk path; the history rows carry the time of the run). The measure's
    current state (its newest report) stays as it is. Returns the number of reports added."""
    import datetime

    from projekte.models import Sachstand

    aelteste: dict[int, Sachstand] = {}
    anzahl: dict[int, int] = defaultdict(int)
    for sachstand in Sachstand.objects.order_by("datum", "pk").iterator(chunk_size=STAPEL):
        aelteste.setdefault(sachstand.projekt_id, sachstand)
        anzahl[sachstand.projekt_id] += 1
    neu: list = []
    for projekt_id, aeltester in sorted(aelteste.items()):
        for i in range(1, je_massnahme - anzahl.get(projekt_id, 0) + 1):
            neu.append(
                Sachstand(
                    projekt_id=projekt_id,
                    datum=aeltester.datum - datetime.timedelta(days=SACHSTAND_ABSTAND_TAGE * i),
                    status=aeltester.status,
                    ampel=aeltester.ampel,
                    fortschritt=max(0, aeltester.fortschritt - 5 * i),
                    text=f"Früherer Sachstand {i} (synthetisch, Lasttest): {aeltester.text[:200]}",
                    verfasst_von_id=aeltester.verfasst_von_id,
                )
            )
    _mit_verlauf_anlegen(Sachstand, neu)
    print(f"  {len(neu)} ältere Sachstände ergänzt", flush=True)
    return len(neu)


def messwerte_auffuellen(ziel: int) -> int:
    """Extend the value series (indicator and area) into earlier years, one year per series and
    round, until the database holds ``ziel`` values (or every series reaches 1990, the earliest
    year a value may have). Each new value is its series' oldest (same case count, so the
    protection of small numbers holds as for the original), with its history row. Computed
    indicators are left alone: their values are derived (monitoring.quoten). Returns the number
    of values added."""
    from monitoring.models import Messwert

    fruehestes = 1990
    aelteste: dict[tuple[int, int], Messwert] = {}
    for messwert in (
        Messwert.objects.filter(indikator__berechnet=False)
        .order_by("jahr", "pk")
        .iterator(chunk_size=STAPEL)
    ):
        aelteste.setdefault((messwert.indikator_id, messwert.raum_id), messwert)
    fehlend = ziel - Messwert.objects.count()
    neu: list = []
    for runde in range(1, 200):  # bounded: at most one year per series and round
        if len(neu) >= fehlend:
            break
        vorher = len(neu)
        for (indikator_id, raum_id), aeltester in sorted(aelteste.items()):
            jahr = aeltester.jahr - runde
            if jahr < fruehestes or len(neu) >= fehlend:
                continue
            neu.append(
                Messwert(
                    indikator_id=indikator_id,
                    raum_id=raum_id,
                    jahr=jahr,
                    wert=aeltester.wert,
                    fallzahl=aeltester.fallzahl,
                    quellenhinweis="synthetisch (Lasttest)",
                )
            )
        if len(neu) == vorher:
            break
    _mit_verlauf_anlegen(Messwert, neu)
    print(f"  {len(neu)} ältere Messwerte ergänzt", flush=True)
    return len(neu)


def _mit_verlauf_anlegen(modell, objekte: list) -> None:
    """Insert ``objekte`` in batches with one history row each (simple-history's bulk path),
    in one transaction."""
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    with transaction.atomic():
        for start in range(0, len(objekte), STAPEL):
            bulk_create_with_history(
                objekte[start : start + STAPEL],
                modell,
                batch_size=STAPEL,
                default_change_reason="Lasttest",
                default_date=timezone.now(),
            )


# --- the commands -------------------------------------------------------------------------------


def vervielfachen(faktor: int) -> dict[str, int]:
    if faktor < 1:
        raise SystemExit("--faktor ist mindestens 1")
    kopierer = Kopierer()
    if faktor > 1:
        print(
            f"  {len(kopierer.modelle)} Modelle, {kopierer.anzahl_zeilen()} Zeilen je Kopie "
            f"(mit Verlauf), {faktor - 1} Kopien",
            flush=True,
        )
        kopierer.kopieren(faktor)
    return zaehlen()


def zaehlen() -> dict[str, int]:
    """Rows of the tables the pages read, and all history rows together."""
    from django.apps import apps

    ergebnis = {}
    for label in (
        "projekte.Projektskizze",
        "projekte.Sachstand",
        "projekte.Meilenstein",
        "monitoring.Indikator",
        "monitoring.Messwert",
        "akteure.Akteur",
        "auth.User",
    ):
        ergebnis[label] = apps.get_model(label)._base_manager.count()
    ergebnis["Verlaufszeilen"] = sum(
        m._base_manager.count()
        for m in apps.get_models()
        if _ist_historie(m) or _ist_m2m_historie(m)
    )
    return ergebnis


def ziele(benutzer: str | None = None) -> dict[str, Any]:
    """The rows the measured pages show, chosen among the demo's originals (so the same page is
    measured at every scale): the measure with the most history, the area-level indicator with
    the most values, the newest complete report year. With ``benutzer`` (a username), among the
    rows that person sees (``.fuer``: a person of one Kommune in a region)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count
    from django.utils import timezone

    from aktionsplan.models import Raum
    from monitoring.jahresbericht import berichtsjahre
    from monitoring.models import Indikator, Messwert
    from projekte.models import Projektskizze

    nutzer = (
        AnonymousUser() if benutzer is None else get_user_model().objects.get(username=benutzer)
    )
    projekt = (
        Projektskizze.objects.fuer(nutzer)
        .annotate(n=Count("sachstaende", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    sichtbare_werte = Messwert.objects.fuer(nutzer)
    indikator = (
        Indikator.objects.filter(
            art=Indikator.Art.QUANTITATIV,
            pk__in=sichtbare_werte.values("indikator"),
        )
        .annotate(n=Count("messwerte"))
        .order_by("-n", "pk")
        .first()
    )
    vergleichsjahr = (
        sichtbare_werte.filter(indikator=indikator, raum__ebene=Raum.Ebene.SOZIALRAUM)
        .order_by("-jahr")
        .values_list("jahr", flat=True)
        .first()
    )
    jahre = berichtsjahre(nutzer)
    heute = timezone.localdate()
    berichtsjahr = next((j for j in jahre if j < heute.year), jahre[0] if jahre else heute.year)
    return {
        "projekt": projekt.pk,
        "indikator": indikator.pk,
        "vergleichsjahr": vergleichsjahr,
        "berichtsjahr": berichtsjahr,
        "massnahmen_demo": Projektskizze.objects.count(),
    }


def sitzung(benutzername: str) -> dict[str, str]:
    """A logged-in session for ``benutzername`` through the configured session engine (what a
    login would store), as cookie name and value."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    nutzer = get_user_model().objects.get(username=benutzername)
    client = Client()
    client.force_login(nutzer)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "wert": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    befehle = parser.add_subparsers(dest="befehl", required=True)
    v = befehle.add_parser("vervielfachen", help="N× the demo (loaded already)")
    v.add_argument("--faktor", type=int, required=True)
    r = befehle.add_parser("region", help="synthetic region data (demo --region loaded)")
    r.add_argument("--massnahmen-je-kommune", type=int, default=250)
    r.add_argument("--sachstaende-je-massnahme", type=int, default=12)
    r.add_argument("--messwerte", type=int, default=100_000, help="values in all")
    z = befehle.add_parser("ziele", help="sample URL parts as JSON")
    z.add_argument("--benutzer", help="among the rows this person sees")
    s = befehle.add_parser("sitzung", help="a session cookie for a user, as JSON")
    s.add_argument("benutzer")
    befehle.add_parser("zaehlen", help="row counts as JSON")
    args = parser.parse_args(argv)
    _django()
    if args.befehl == "vervielfachen":
        ergebnis = vervielfachen(args.faktor)
    elif args.befehl == "region":
        ergebnis = region(args.massnahmen_je_kommune, args.sachstaende_je_massnahme, args.messwerte)
    elif args.befehl == "ziele":
        ergebnis = ziele(args.benutzer)
    elif args.befehl == "sitzung":
        ergebnis = sitzung(args.benutzer)
    else:
        ergebnis = zaehlen()
    sys.stdout.write("ERGEBNIS " + json.dumps(ergebnis) + "\n")


if __name__ == "__main__":
    main()
