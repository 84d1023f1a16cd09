"""The indicator profile (Indikatorensteckbrief, issue 9 point 3): what an indicator measures, how,
from which source, how good and how current the data are, which UN-BRK articles it informs, its
type after the OHCHR scheme, who answers for it and under which licence it is published.

One page per indicator (``monitoring:indikator_steckbrief``) and the annex of the yearly report
(HTML and PDF) render the same include, ``monitoring/includes/_steckbrief.html``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from akteure.models import Datenquelle
from aktionsplan.models import Thema
from aktionsplan.personen import anzeigename
from monitoring.lieferung import Lieferstand, lieferstand_aus, mit_lieferdaten
from monitoring.models import LIZENZ_URI, Indikator

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Steckbrief:
    indikator: Indikator
    lieferung: Lieferstand

    @property
    def lizenz_text(self) -> str:
        return str(self.indikator.lizenz_wirksam.label)

    @property
    def lizenz_uri(self) -> str:
        return LIZENZ_URI[self.indikator.lizenz_wirksam]

    @property
    def lizenz_ist_standard(self) -> bool:
        return not self.indikator.lizenz

    @property
    def rhythmus_text(self) -> str:
        rhythmus = self.indikator.rhythmus_wirksam
        return str(Datenquelle.Rhythmus(rhythmus).label) if rhythmus else ""

    @property
    def verantwortlich_text(self) -> str:
        return anzeigename(self.indikator.verantwortlich)


def steckbrief_menge(
    indikatoren: QuerySet[Indikator],
    nutzer: AbstractBaseUser | AnonymousUser,
    *,
    kommune: int | None = None,
) -> QuerySet[Indikator]:
    """``indikatoren`` with all a profile shows: source, actor and responsible person joined,
    delivery dates annotated (one query), themes and UN-BRK articles prefetched (two queries).
    ``kommune``: the themes of that Kommune only (its yearly report in a region)."""
    return mit_lieferdaten(
        indikatoren.select_related("datenquelle", "datenquelle__akteur", "verantwortlich")
        # Earlier prefetches (``fuer_liste``: the themes) give way to the scoped ones.
        .prefetch_related(None)
        .prefetch_related(
            # A shared indicator's themes of the reader's Kommunen only (aktionsplan.bereich).
            Prefetch("themen", queryset=Thema.objects.fuer(nutzer).in_kommune(kommune)),
            "unbrk_artikel",
        ),
        nutzer,
    )


def steckbriefe(
    indikatoren: QuerySet[Indikator] | list[Indikator], *, heute: datetime.date | None = None
) -> list[Steckbrief]:
    """Profiles of indicators loaded through ``steckbrief_menge``; no query."""
    return [Steckbrief(i, lieferstand_aus(i, heute=heute)) for i in indikatoren]
