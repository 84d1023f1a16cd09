"""Load the measures of both plans with their actors, reports, milestones and funding."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser

from akteure.models import Akteur
from aktionsplan.models import Fortschreibung, UNBRKArtikel
from projekte.models import Finanzierung, Meilenstein, Projektbeteiligung, Projektskizze, Sachstand

from . import massnahmen_aktionsplan, massnahmen_handlungskonzept
from .rahmen import AKTIONSPLAN, DEMO, HANDLUNGSKONZEPT, Rahmen
from .sichern import Lader
from .typen import Massnahme

MASSNAHMEN_JE_PLAN = {
    AKTIONSPLAN: massnahmen_aktionsplan.MASSNAHMEN,
    HANDLUNGSKONZEPT: massnahmen_handlungskonzept.MASSNAHMEN,
}


# The version of its plan that introduced a measure: the Aktionsplan's first Fortschreibung added
# the Projektskizzen 20–24 (konfiguration/demo/rahmen.py); everything else is in the first version.
def _eingefuehrt_mit(plan_slug: str, nummer: int) -> int:
    return 2 if plan_slug == AKTIONSPLAN and nummer >= 20 else 1


def _massnahme_laden(
    lader: Lader,
    *,
    plan_slug: str,
    m: Massnahme,
    rahmen: Rahmen,
    akteure: dict[str, Akteur],
    artikel: dict[int, UNBRKArtikel],
    benutzer: dict[str, AbstractUser],
    versionen: dict[tuple[str, int], Fortschreibung],
) -> Projektskizze:
    projekt = lader.sichern(
        Projektskizze,
        schluessel={"plan": rahmen.plaene[plan_slug], "nummer": m.nummer},
        werte={
            "titel": m.titel,
            "kurzbeschreibung": f"{DEMO} {m.kurzbeschreibung}",
            "ziele": m.ziele,
            "hauptthema": rahmen.themen[m.thema],
            "gesamtstaedtisch": not m.raeume,
            "fortschreibung": versionen.get((plan_slug, _eingefuehrt_mit(plan_slug, m.nummer))),
            "verantwortlich": benutzer[m.verantwortlich],
            "beginn": m.beginn,
            "ende": m.ende,
            "kosten": Decimal(m.kosten) if m.kosten is not None else None,
            "beteiligung": m.beteiligung,
            "prioritaet": m.prioritaet,
            "veroeffentlicht": m.veroeffentlicht,
            # The funded Handlungskonzept publishes its costs and funding; the Aktionsplan not.
            "kosten_oeffentlich": m.veroeffentlicht and plan_slug == HANDLUNGSKONZEPT,
            "text_leichte_sprache": m.leichte_sprache,
        },
        m2m={
            "weitere_themen": [rahmen.themen[slug] for slug in m.weitere_themen],
            "zielgruppen": [rahmen.zielgruppen[name] for name in m.zielgruppen],
            "unbrk_artikel": [artikel[nr] for nr in m.artikel],
            "raeume": [rahmen.raeume[slug] for slug in m.raeume],
        },
    )
    beteiligte = [(m.federfuehrend, Projektbeteiligung.Rolle.FEDERFUEHREND, ""), *m.partner]
    for key, rolle, aufgabe in beteiligte:
        lader.sichern(
            Projektbeteiligung,
            schluessel={"projekt": projekt, "akteur": akteure[key]},
            werte={"rolle": rolle, "aufgabe": aufgabe},
        )
    # A published measure shows its reports, except the oldest one (an internal first note):
    # the public page then has a report that stays inside, for the tests of what is public.
    aeltester = min((b.datum for b in m.sachstaende), default=None)
    for bericht in m.sachstaende:
        lader.sichern(
            Sachstand,
            schluessel={"projekt": projekt, "datum": bericht.datum},
            werte={
                "status": bericht.status,
                "ampel": bericht.ampel,
                "fortschritt": bericht.fortschritt,
                "text": bericht.text,
                "verfasst_von": benutzer[bericht.von],
                "oeffentlich": m.veroeffentlicht
                and (len(m.sachstaende) == 1 or bericht.datum != aeltester),
            },
        )
    for etappe in m.meilensteine:
        lader.sichern(
            Meilenstein,
            schluessel={"projekt": projekt, "titel": etappe.titel},
            werte={"faellig_am": etappe.faellig_am, "erledigt_am": etappe.erledigt_am},
        )
    for f in m.finanzierungen:
        lader.sichern(
            Finanzierung,
            schluessel={"projekt": projekt, "quelle": f.quelle, "programm": f.programm},
            werte={
                "betrag": Decimal(f.betrag),
                "status": f.status,
                "beantragt_am": f.beantragt_am,
                "entschieden_am": f.entschieden_am,
            },
        )
    return projekt


def projekte_laden(
    lader: Lader,
    *,
    rahmen: Rahmen,
    akteure: dict[str, Akteur],
    benutzer: dict[str, AbstractUser],
) -> dict[tuple[str, int], Projektskizze]:
    """Measures keyed on (plan slug, nummer)."""
    artikel = {a.nummer: a for a in UNBRKArtikel.objects.all()}
    versionen = {
        (slug, f.nummer): f
        for slug, plan in rahmen.plaene.items()
        for f in Fortschreibung.objects.filter(plan=plan)
    }
    projekte = {}
    for plan_slug, massnahmen in MASSNAHMEN_JE_PLAN.items():
        for m in massnahmen:
            projekte[plan_slug, m.nummer] = _massnahme_laden(
                lader,
                plan_slug=plan_slug,
                m=m,
                rahmen=rahmen,
                akteure=akteure,
                artikel=artikel,
                benutzer=benutzer,
                versionen=versionen,
            )
    return projekte
