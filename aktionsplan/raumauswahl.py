"""Area dropdowns grouped by Kommune (issue 12: "every dropdown groups areas by Kommune").

With several Kommunen a flat list of areas has a hundred entries and the same name twice
("Münsterbusch" in Stolberg and in Eschweiler). Every model choice field over areas therefore
renders ``<optgroup>`` per Kommune (the region's own areas first, in a group "Region"), within a
group the Kommune itself first, then its Sozialräume by name, each followed by its Viertel. Labels
are distinct across the whole list: a Viertel names its Sozialraum, and a label that still occurs
twice gets its Kommune (and, should even that repeat, the Kurzname).

Fields are grouped where their choices are scoped (``aktionsplan.querysets.auswahl_eingrenzen``
calls ``RaumQuerySet.auswahl_gruppieren``), so every form and filter over areas gets it. The
choices cost the one query they cost before (parents joined, no query per area).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _

# The levels of Raum.Ebene (this module is called from aktionsplan.models and does not import it).
REGION, KOMMUNE, SOZIALRAUM, VIERTEL = "region", "kommune", "sozialraum", "viertel"
_RANG = {REGION: 0, KOMMUNE: 1, SOZIALRAUM: 2, VIERTEL: 3}
# An area (aktionsplan.models.Raum).
Raum = models.Model


def kommune_von(raum: Raum) -> Raum | None:
    """The Kommune an area lies in (itself for a Kommune; None for a region). Uses the loaded
    parents: load them with ``select_related("uebergeordnet__uebergeordnet")``."""
    while raum is not None and raum.ebene != KOMMUNE:
        if raum.ebene == REGION:
            return None
        raum = raum.uebergeordnet
    return raum


def _grundlabel(raum: Raum) -> str:
    if raum.ebene == KOMMUNE:
        return _("%(name)s (ganze Kommune)") % {"name": raum.name}
    if raum.ebene == VIERTEL and raum.uebergeordnet is not None:
        return _("%(name)s (Viertel in %(sozialraum)s)") % {
            "name": raum.name,
            "sozialraum": raum.uebergeordnet.name,
        }
    return raum.name


def gruppen(raeume: list[Raum]) -> list[tuple[str, list[tuple[Raum, str]]]]:
    """The areas grouped by Kommune with distinct labels, in display order (no query)."""
    je_gruppe: dict[int | None, list[Raum]] = {}
    kommunen: dict[int | None, Raum | None] = {}
    for raum in raeume:
        kommune = kommune_von(raum)
        schluessel = kommune.pk if kommune is not None else None
        je_gruppe.setdefault(schluessel, []).append(raum)
        kommunen[schluessel] = kommune

    def sortierung(raum: Raum) -> tuple:
        sozialraum = raum.uebergeordnet if raum.ebene == VIERTEL else raum
        return (
            _RANG.get(raum.ebene, 9) if raum.ebene in (REGION, KOMMUNE) else 2,
            (sozialraum.name if sozialraum else raum.name).casefold(),
            raum.ebene == VIERTEL,
            raum.name.casefold(),
            raum.pk,
        )

    reihenfolge = sorted(
        je_gruppe,
        key=lambda k: (k is not None, (kommunen[k].name.casefold() if kommunen[k] else "")),
    )
    labels = {raum.pk: _grundlabel(raum) for raum in raeume}
    haeufig = Counter(labels.values())
    for raum in raeume:
        if haeufig[labels[raum.pk]] > 1:
            kommune = kommune_von(raum)
            if kommune is not None and raum.ebene != KOMMUNE:
                labels[raum.pk] = f"{labels[raum.pk]} – {kommune.name}"
    haeufig = Counter(labels.values())
    for raum in raeume:
        if haeufig[labels[raum.pk]] > 1:
            labels[raum.pk] = f"{labels[raum.pk]} [{raum.slug}]"
    ergebnis = []
    for schluessel in reihenfolge:
        kommune = kommunen[schluessel]
        name = kommune.name if kommune is not None else _("Region")
        eintraege = sorted(je_gruppe[schluessel], key=sortierung)
        ergebnis.append((name, [(raum, labels[raum.pk]) for raum in eintraege]))
    return ergebnis


class NachKommuneIterator(ModelChoiceIterator):
    """The choices of an area field as ``<optgroup>`` per Kommune."""

    def __iter__(self) -> Iterator:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        raeume = list(self.queryset.select_related("uebergeordnet__uebergeordnet"))
        for name, eintraege in gruppen(raeume):
            yield (name, [(self.choice(raum)[0], label) for raum, label in eintraege])

    def __len__(self) -> int:
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


def nach_kommune_gruppieren(feld: forms.Field) -> None:
    """Render an area choice field grouped by Kommune (a ModelChoiceField or its multiple kind,
    also django-filter's). An installation with one Kommune keeps its flat list, as before the
    region (issue 12: it "looks exactly as it does today"; QA 2026-11-30, F19). No query while
    the cache holds the Kommunen."""
    from aktionsplan.bereich import mehrere_kommunen

    if not mehrere_kommunen():
        return
    feld.iterator = NachKommuneIterator
    feld.widget.choices = feld.choices
