"""The area tree as nested nodes, built in Python from one list of areas."""

from __future__ import annotations

from dataclasses import dataclass, field

from aktionsplan.models import Raum


@dataclass
class Knoten:
    raum: Raum
    kinder: list[Knoten] = field(default_factory=list)


def baum_bauen(alle_raeume: list[Raum]) -> list[Knoten]:
    """Nest areas under their parent, in Python: no query per node. Roots are the areas without
    a parent (or whose parent is missing from the list); siblings keep the list's order."""
    knoten = {raum.pk: Knoten(raum) for raum in alle_raeume}
    wurzeln: list[Knoten] = []
    for raum in alle_raeume:
        eltern = knoten.get(raum.uebergeordnet_id)
        (eltern.kinder if eltern else wurzeln).append(knoten[raum.pk])
    rang = {ebene: i for i, ebene in enumerate(Raum.Ebene.values)}
    wurzeln.sort(key=lambda k: rang.get(k.raum.ebene, len(rang)))
    return wurzeln
