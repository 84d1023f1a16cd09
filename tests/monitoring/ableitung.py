"""The derivation attack of issue 9, point 2, as a checker over what a reader sees.

For one count indicator, one year, a parent area and its children, the reader knows: every shown
count; "< N" = 0 … N−1; "•" = at least N; the parts add up to the parent's total; and for each
area every shown share or rate with the shown population (share × population, rate × population
÷ factor). ``moegliche_werte`` returns, per hidden area, every whole number consistent with all
of that; a protected count ("< N") with fewer than two is exposed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

OBERGRENZE = 100_000  # "•" without any other bound: at least N, at most this (never reached)


@dataclass
class Zelle:
    wert: Decimal | None  # None: hidden
    text: str = ""  # "< N", "•", "" when shown


@dataclass
class Quote:
    """A shown share or rate of one area: value, the factor, decimals it was rounded to, and
    the population (denominator) shown for the same area and year."""

    wert: Decimal
    faktor: int
    stellen: int
    nenner: Decimal


@dataclass
class Lage:
    n: int
    eltern: Zelle | None
    kinder: dict[str, Zelle]
    quoten: dict[str, list[Quote]] = field(default_factory=dict)  # area → its shown quotes
    eltern_quoten: list[Quote] = field(default_factory=list)


def _passend(q: Quote) -> set[int]:
    """Whole counts k with round(k × factor ÷ denominator, stellen) == shown value."""
    if q.nenner <= 0:
        return set()
    halb = Decimal(5).scaleb(-q.stellen - 1)
    unten = math.floor((q.wert - halb) * q.nenner / q.faktor) - 1
    oben = math.ceil((q.wert + halb) * q.nenner / q.faktor) + 1
    stufe = Decimal(1).scaleb(-q.stellen)
    return {
        k
        for k in range(max(0, unten), oben + 1)
        if (Decimal(k) * q.faktor / q.nenner).quantize(stufe, rounding=ROUND_HALF_UP) == q.wert
    }


def _menge(zelle: Zelle, n: int, quoten: list[Quote], grenze: int) -> set[int] | None:
    """The values a hidden cell may take on its own (None: unbounded above, no quote)."""
    if zelle.text.startswith("<"):
        menge: set[int] | None = set(range(n))
    else:
        menge = None
    for q in quoten:
        passend = _passend(q)
        menge = passend if menge is None else menge & passend
    if menge is not None and not zelle.text.startswith("<"):
        menge = {k for k in menge if k >= n}
    if menge is None:
        return None
    return {k for k in menge if k <= grenze}


Intervalle = list[tuple[int, int]]  # disjoint, sorted, inclusive


def _intervalle(menge: set[int] | None, n: int, grenze: int) -> Intervalle:
    if menge is None:
        return [(n, grenze)] if n <= grenze else []
    return _vereinigen([(k, k) for k in menge])


def _vereinigen(teile: Intervalle) -> Intervalle:
    ergebnis: Intervalle = []
    for lo, hi in sorted(teile):
        if ergebnis and lo <= ergebnis[-1][1] + 1:
            ergebnis[-1] = (ergebnis[-1][0], max(hi, ergebnis[-1][1]))
        else:
            ergebnis.append((lo, hi))
    return ergebnis


def _summe(a: Intervalle, b: Intervalle, grenze: int) -> Intervalle:
    return _vereinigen([(x + u, min(y + v, grenze)) for x, y in a for u, v in b if x + u <= grenze])


def _anzahl(a: Intervalle) -> int:
    return sum(hi - lo + 1 for lo, hi in a)


def moegliche_werte(lage: Lage) -> dict[str, Intervalle | None]:
    """Per hidden child: its possible whole numbers as intervals (None: unbounded, safe)."""
    n = lage.n
    versteckt = [r for r, z in lage.kinder.items() if z.wert is None]
    gezeigt = sum((z.wert for z in lage.kinder.values() if z.wert is not None), Decimal(0))
    if lage.eltern is None:
        resten = None
    elif lage.eltern.wert is not None:
        resten = [(int(lage.eltern.wert - gezeigt),) * 2]
    else:
        eltern = _menge(lage.eltern, n, lage.eltern_quoten, OBERGRENZE)
        resten = (
            None
            if eltern is None
            else _vereinigen([(int(p - gezeigt),) * 2 for p in eltern if p >= gezeigt])
        )
    mengen = {r: _menge(lage.kinder[r], n, lage.quoten.get(r, []), OBERGRENZE) for r in versteckt}
    if resten is None:
        return {r: None if m is None else _intervalle(m, n, OBERGRENZE) for r, m in mengen.items()}
    grenze = max((hi for _lo, hi in resten), default=0)
    ergebnis: dict[str, Intervalle | None] = {}
    for r in versteckt:
        summen: Intervalle = [(0, 0)]
        for a in versteckt:
            if a != r:
                summen = _summe(summen, _intervalle(mengen[a], n, grenze), grenze)
        # v is possible if rest − v is a possible sum of the others for some rest.
        moeglich = _vereinigen(
            [
                (max(rlo - shi, 0), rhi - slo)
                for rlo, rhi in resten
                for slo, shi in summen
                if rhi - slo >= 0
            ]
        )
        eigene = _intervalle(mengen[r], n, grenze)
        ergebnis[r] = [
            (max(a, c), min(b, d)) for a, b in eigene for c, d in moeglich if max(a, c) <= min(b, d)
        ]
    return ergebnis


def aufgedeckt(lage: Lage) -> list[str]:
    """The protected ("< N") children pinned to fewer than two whole numbers."""
    moeglich = moegliche_werte(lage)
    if lage.eltern is not None and lage.eltern.text.startswith("<"):
        eltern = _menge(lage.eltern, lage.n, lage.eltern_quoten, OBERGRENZE)
        if eltern is not None and len(eltern) < 2:
            return ["(eltern)"]
    return [
        r
        for r, z in lage.kinder.items()
        if z.text.startswith("<") and moeglich.get(r) is not None and _anzahl(moeglich[r]) < 2
    ]
