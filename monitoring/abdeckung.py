"""Coverage: the substantive UN-BRK articles (``UNBRKArtikel.inhaltlich``, Art. 5–30) against the
themes of the Leitbild, counting active measures and indicators per cell.

Rules:

* a measure counts when it is active (``Status.aktive()``: In Planung, In Umsetzung, Verstetigt)
  and names the article; it counts under its main theme, and separately, marked as such, under
  each further theme (a main theme is never also a further theme: ``projekte.services``);
* an indicator counts under every theme it informs, for every article it names;
* the row total counts each active measure (and each indicator) of the article once.

Cost: one query (the articles with every count as a correlated subquery), whatever the number
of measures and indicators; the themes are passed in by the caller, which has read them anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import OuterRef
from django.urls import reverse

from aktionsplan.models import Thema, UNBRKArtikel
from aktionsplan.querysets import anzahl
from monitoring.models import Indikator
from projekte.models import Projektskizze


@dataclass(frozen=True)
class Zelle:
    """The counts of one article and one theme, with the addresses of their filtered lists."""

    artikel: UNBRKArtikel
    thema: Thema
    haupt: int
    weitere: int
    indikatoren: int

    @property
    def massnahmen(self) -> int:
        return self.haupt + self.weitere

    def _massnahmen_url(self, themenrolle: str) -> str:
        parameter = {
            "thema": self.thema.pk,
            "themenrolle": themenrolle,
            "unbrk_artikel": self.artikel.pk,
            "aktiv": "ja",
        }
        return f"{reverse('projekte:projekt_liste')}?{urlencode(parameter)}"

    @property
    def haupt_url(self) -> str:
        return self._massnahmen_url("haupt")

    @property
    def weitere_url(self) -> str:
        return self._massnahmen_url("weiteres")

    @property
    def indikatoren_url(self) -> str:
        parameter = {"thema": self.thema.pk, "unbrk_artikel": self.artikel.pk}
        return f"{reverse('monitoring:indikator_liste')}?{urlencode(parameter)}"


@dataclass(frozen=True)
class Artikelzeile:
    artikel: UNBRKArtikel
    zellen: list[Zelle]
    # Each active measure / indicator of the article once, whatever its themes.
    massnahmen: int
    indikatoren: int

    @property
    def massnahmen_url(self) -> str:
        parameter = {"unbrk_artikel": self.artikel.pk, "aktiv": "ja"}
        return f"{reverse('projekte:projekt_liste')}?{urlencode(parameter)}"

    @property
    def indikatoren_url(self) -> str:
        parameter = {"unbrk_artikel": self.artikel.pk}
        return f"{reverse('monitoring:indikator_liste')}?{urlencode(parameter)}"


@dataclass(frozen=True)
class Abdeckung:
    themen: list[Thema]
    zeilen: list[Artikelzeile] = field(default_factory=list)

    @property
    def ohne_massnahme(self) -> list[UNBRKArtikel]:
        """Substantive articles without any active measure."""
        return [z.artikel for z in self.zeilen if z.massnahmen == 0]

    @property
    def ohne_indikator(self) -> list[UNBRKArtikel]:
        """Substantive articles that no indicator informs."""
        return [z.artikel for z in self.zeilen if z.indikatoren == 0]

    @property
    def leere_zellen(self) -> int:
        """Cells (article × theme) without an active measure."""
        return sum(1 for z in self.zeilen for zelle in z.zellen if zelle.massnahmen == 0)

    @property
    def zellen_gesamt(self) -> int:
        return len(self.zeilen) * len(self.themen)


def abdeckung_laden(nutzer, themen: Sequence[Thema]) -> Abdeckung:
    """The coverage matrix as ``nutzer`` may see it, for ``themen`` (in their order); one query.

    Counts are correlated COUNT subqueries on the article row (``aktionsplan.querysets.anzahl``),
    three per theme and two per row, so no count repeats a measure and the page costs the same
    however many measures and indicators there are.
    """
    themen = list(themen)
    aktive = Projektskizze.objects.fuer(nutzer).aktiv().filter(unbrk_artikel=OuterRef("pk"))
    indikatoren = Indikator.objects.fuer(nutzer).filter(unbrk_artikel=OuterRef("pk"))
    zaehlungen = {"anzahl_massnahmen": anzahl(aktive), "anzahl_indikatoren": anzahl(indikatoren)}
    for thema in themen:
        zaehlungen[f"haupt_{thema.pk}"] = anzahl(aktive.filter(hauptthema=thema.pk))
        zaehlungen[f"weitere_{thema.pk}"] = anzahl(aktive.filter(weitere_themen=thema.pk))
        zaehlungen[f"indikatoren_{thema.pk}"] = anzahl(indikatoren.filter(themen=thema.pk))
    zeilen = []
    for artikel in UNBRKArtikel.objects.fuer(nutzer).inhaltlich().annotate(**zaehlungen):
        zellen = [
            Zelle(
                artikel=artikel,
                thema=thema,
                haupt=getattr(artikel, f"haupt_{thema.pk}"),
                weitere=getattr(artikel, f"weitere_{thema.pk}"),
                indikatoren=getattr(artikel, f"indikatoren_{thema.pk}"),
            )
            for thema in themen
        ]
        zeilen.append(
            Artikelzeile(
                artikel=artikel,
                zellen=zellen,
                massnahmen=artikel.anzahl_massnahmen,
                indikatoren=artikel.anzahl_indikatoren,
            )
        )
    return Abdeckung(themen=themen, zeilen=zeilen)
