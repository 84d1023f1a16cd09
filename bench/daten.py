"""The benchmark's data: N times the Stolberg demo, built through the write path.

Runs inside Django, one command per call, against the database in DATABASE_URL:

    python -m bench.daten vervielfachen --faktor 100   # the demo must be loaded already
    python -m bench.daten ziele                         # sample URLs as JSON
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
from typing import Any

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

    return {
        f.name
        for f in modell._meta.concrete_fields
        if f.unique and not f.primary_key and isinstance(f, models.CharField)
    }


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


class Kopierer:
    """Copies the demo's rows ``faktor − 1`` times, with their history and many-to-many rows."""

    def __init__(self) -> None:
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
        # karte[kopie][modell][alte pk] = neue pk
        karte: dict[int, dict] = {k: defaultdict(dict) for k in kopien}
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
        for kopie in kopien:
            abbildung = karte[kopie]
            for zeile in originale:
                werte = dict(zeile)
                alt_pk = werte.pop(pk.attname)
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
        modell._base_manager.bulk_create(objekte, batch_size=STAPEL)
        for objekt, (kopie, alt_pk) in zip(objekte, herkunft, strict=True):
            karte[kopie][modell][alt_pk] = objekt.pk
        nachtraege += [(modell, f, k, objekte[i].pk, alt) for f, k, i, alt in offen]
        nachtraege += [(modell, None, 0, objekte[i].pk, {flag: True}) for i, flag in gesperrt]


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


def ziele() -> dict[str, Any]:
    """The rows the measured pages show, chosen among the demo's originals (so the same page is
    measured at every scale): the measure with the most history, the area-level indicator with
    the most values, the newest complete report year."""
    from django.db.models import Count
    from django.utils import timezone

    from aktionsplan.models import Raum
    from monitoring.jahresbericht import berichtsjahre
    from monitoring.models import Indikator, Messwert
    from projekte.models import Projektskizze

    projekt = (
        Projektskizze.objects.annotate(n=Count("sachstaende", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    indikator = (
        Indikator.objects.filter(art=Indikator.Art.QUANTITATIV)
        .annotate(n=Count("messwerte"))
        .order_by("-n", "pk")
        .first()
    )
    vergleichsjahr = (
        Messwert.objects.filter(indikator=indikator, raum__ebene=Raum.Ebene.SOZIALRAUM)
        .order_by("-jahr")
        .values_list("jahr", flat=True)
        .first()
    )
    from django.contrib.auth.models import AnonymousUser

    jahre = berichtsjahre(AnonymousUser())
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
    befehle.add_parser("ziele", help="sample URL parts as JSON")
    s = befehle.add_parser("sitzung", help="a session cookie for a user, as JSON")
    s.add_argument("benutzer")
    befehle.add_parser("zaehlen", help="row counts as JSON")
    args = parser.parse_args(argv)
    _django()
    if args.befehl == "vervielfachen":
        ergebnis = vervielfachen(args.faktor)
    elif args.befehl == "ziele":
        ergebnis = ziele()
    elif args.befehl == "sitzung":
        ergebnis = sitzung(args.benutzer)
    else:
        ergebnis = zaehlen()
    sys.stdout.write("ERGEBNIS " + json.dumps(ergebnis) + "\n")


if __name__ == "__main__":
    main()
