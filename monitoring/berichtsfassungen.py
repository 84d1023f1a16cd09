"""The one write path of the yearly report's life cycle (issue 9, point 7): draft, adoption with
its frozen files, withdrawal. Staff pages, admin (read-only) and the demo go through here.

Rules (the model holds the rest: ``Berichtsfassung.clean()`` and its constraints):

* Only a draft is changed; adopting needs a draft, withdrawing an adopted report.
* One adopted report per year at a time, one draft per year (database constraints).
* Only the Datenpflege withdraws, with a reason; the history records who and when.
* Adoption freezes in one transaction: the report is built from the data as recorded by its
  Stand, in two variants (internal; public: published measures, no staff names), each as HTML
  and XLSX, stored with a snapshot of its numbers. The PDFs are laid out in the background right
  after, from the stored HTML, and stored once; later edits to measures or values change none
  of these bytes.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from aktionsplan.bereich import mehrere_kommunen, sichtbare_kommunen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aktionsplan.sperre import speichern
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from aufgaben.models import Aufgabe
from aufgaben.services import ausfuehren, starten
from monitoring.jahresbericht import (
    Jahresbericht,
    berichtskommune_name,
    jahresbericht_erstellen,
    schnappschuss,
)
from monitoring.jahresbericht_export import als_html, als_xlsx, html_als_pdf
from monitoring.models import Berichtsdatei, Berichtsfassung

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.contrib.auth.models import AbstractBaseUser

ENTWURFSFELDER = ("jahr", "stand", "einleitung", "schluss")
# The council's language: frozen files are German whatever the interface language.
BERICHTSSPRACHE = "de"
# Marks the task that lays out an adopted report's PDFs (``Aufgabe.eingabe``).
EINGEFROREN = "eingefroren"


def bericht_der_fassung(
    fassung: Berichtsfassung,
    *,
    nutzer: AbstractBaseUser | AnonymousUser,
    oeffentlich: bool = False,
    seiten: Mapping[str, str | int | None] | None = None,
) -> Jahresbericht:
    """The report of ``fassung`` built from the data now, as recorded by its Stand (the draft's
    preview, its PDF and XLSX, and the adopted files at the moment of adoption)."""
    bericht = jahresbericht_erstellen(
        fassung.jahr,
        nutzer=nutzer,
        stand=fassung.stand,
        oeffentlich=oeffentlich,
        einleitung=fassung.einleitung,
        schluss=fassung.schluss,
        seiten=seiten,
        kommune=fassung.kommune_id,
    )
    bericht.gremium = fassung.gremium
    bericht.beschluss_datum = fassung.beschluss_datum
    return bericht


def _redaktion_pruefen(benutzer) -> None:
    if benutzer is not None and not darf_bearbeiten(benutzer):
        raise PermissionDenied


def _nur_entwurf(fassung: Berichtsfassung) -> None:
    if fassung.status != Berichtsfassung.Status.ENTWURF:
        raise ValidationError(
            _("Nur ein Entwurf kann geändert oder beschlossen werden."), code="kein_entwurf"
        )


def _kommune_pruefen(fassung: Berichtsfassung, benutzer: AbstractBaseUser | None) -> None:
    """In an installation with several Kommunen every report is one Kommune's (issue 12: the
    region has no adopted report of its own): a new draft without a Kommune gets the person's
    only Kommune, else it is refused. Raises ValidationError (field ``kommune``)."""
    if fassung.kommune_id is not None or not mehrere_kommunen():
        return
    bereich = sichtbare_kommunen(benutzer) if benutzer is not None else None
    if bereich is not None and len(bereich) == 1:
        fassung.kommune_id = next(iter(bereich))
        return
    raise ValidationError(
        {
            "kommune": _(
                "In einer Region gehört jeder Jahresbericht einer Kommune: bitte wählen Sie "
                "die Kommune des Berichts."
            )
        },
        code="kommune_fehlt",
    )


def entwurf_anlegen(
    fassung: Berichtsfassung, *, benutzer: AbstractBaseUser | None
) -> Berichtsfassung:
    """Save a new draft (year, Stand, texts). Raises ValidationError (a rule, e.g. a second
    draft of the year) and writes nothing then; PermissionDenied outside the Redaktion."""
    _redaktion_pruefen(benutzer)
    _kommune_pruefen(fassung, benutzer)
    fassung.status = Berichtsfassung.Status.ENTWURF
    return speichern(fassung, benutzer=benutzer)


def entwurf_aendern(
    fassung: Berichtsfassung, *, benutzer: AbstractBaseUser | None, erwartete_version: int | None
) -> Berichtsfassung:
    """Save a changed draft, or raise VeralteterStandError / ValidationError (not a draft any
    more, a rule) and write nothing."""
    _redaktion_pruefen(benutzer)
    aktuell = Berichtsfassung.objects.only("status").get(pk=fassung.pk)
    _nur_entwurf(aktuell)
    return speichern(
        fassung, benutzer=benutzer, erwartete_version=erwartete_version, felder=ENTWURFSFELDER
    )


def _datei(fassung: Berichtsfassung, variante: str, format_: str, inhalt: bytes) -> Berichtsdatei:
    datei = Berichtsdatei(
        fassung=fassung,
        variante=variante,
        format=format_,
        inhalt=inhalt,
        groesse=len(inhalt),
        sha256=hashlib.sha256(inhalt).hexdigest(),
    )
    datei.full_clean(exclude=["fassung"])
    datei.save(force_insert=True)
    # A file keeps no history of its own: pages that list a report's files (the public
    # reports, built later by the queue) are stored per data version, so raise it.
    datenstand_erhoehen()
    return datei


def beschliessen(
    fassung: Berichtsfassung,
    *,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    gremium: str,
    beschluss_datum: datetime.date,
) -> Berichtsfassung:
    """Record the committee's decision on a draft and freeze the report, all in one
    transaction: snapshot, HTML and XLSX of both variants (then the PDFs in the background,
    ``pdf_starten``). Raises VeralteterStandError, ValidationError (not a draft; a report of the
    year adopted already; the decision before the Stand or in the future) and writes nothing then.
    Costs the report's build twice (internal, public): seconds at 100× the demo."""
    _redaktion_pruefen(benutzer)
    with transaction.atomic():
        aktuell = Berichtsfassung.objects.select_for_update().only("status").get(pk=fassung.pk)
        _nur_entwurf(aktuell)
        fassung.status = Berichtsfassung.Status.BESCHLOSSEN
        fassung.gremium = gremium
        fassung.beschluss_datum = beschluss_datum
        fassung.beschlossen_am = timezone.now()
        fassung.beschlossen_von = benutzer
        speichern(
            fassung,
            benutzer=benutzer,
            erwartete_version=erwartete_version,
            felder=("status", "gremium", "beschluss_datum", "beschlossen_am", "beschlossen_von"),
            grund=_("beschlossen"),
        )
        leser = benutzer if benutzer is not None else AnonymousUser()
        with override(BERICHTSSPRACHE):
            for variante in Berichtsdatei.Variante:
                bericht = bericht_der_fassung(
                    fassung,
                    nutzer=leser,
                    oeffentlich=variante == Berichtsdatei.Variante.OEFFENTLICH,
                )
                if variante == Berichtsdatei.Variante.INTERN:
                    fassung.daten = schnappschuss(bericht)
                html = als_html(bericht, kommune=berichtskommune_name(fassung.kommune_id))
                _datei(fassung, variante, Berichtsdatei.Format.HTML, html.encode())
                _datei(fassung, variante, Berichtsdatei.Format.XLSX, als_xlsx(bericht))
        # The snapshot is no field of the history (too big for a row per change).
        Berichtsfassung.objects.filter(pk=fassung.pk).update(daten=fassung.daten)
        pdf_starten(fassung, benutzer=benutzer)
    return fassung


def zurueckziehen(
    fassung: Berichtsfassung,
    *,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    grund: str,
) -> Berichtsfassung:
    """Withdraw an adopted report (Datenpflege only, with a reason). Its files and snapshot stay
    on record; the year can then be adopted again. Raises PermissionDenied, VeralteterStandError
    or ValidationError (not adopted, no reason) and writes nothing then."""
    if benutzer is not None and not ist_datenpflege(benutzer):
        raise PermissionDenied
    if not grund.strip():
        raise ValidationError({"rueckzug_grund": _("Bitte nennen Sie den Grund des Rückzugs.")})
    with transaction.atomic():
        aktuell = Berichtsfassung.objects.select_for_update().only("status").get(pk=fassung.pk)
        if aktuell.status != Berichtsfassung.Status.BESCHLOSSEN:
            raise ValidationError(
                _("Nur ein beschlossener Bericht kann zurückgezogen werden."),
                code="nicht_beschlossen",
            )
        fassung.status = Berichtsfassung.Status.ZURUECKGEZOGEN
        fassung.rueckzug_grund = grund.strip()
        fassung.zurueckgezogen_am = timezone.now()
        fassung.zurueckgezogen_von = benutzer
        return speichern(
            fassung,
            benutzer=benutzer,
            erwartete_version=erwartete_version,
            felder=("status", "rueckzug_grund", "zurueckgezogen_am", "zurueckgezogen_von"),
            grund=_("zurückgezogen: %(grund)s") % {"grund": fassung.rueckzug_grund},
        )


# --- the frozen PDFs ---------------------------------------------------------------------------


def pdf_aufgabe(fassung: Berichtsfassung) -> Aufgabe | None:
    """The newest task that lays out ``fassung``'s frozen PDFs (one query)."""
    return (
        Aufgabe.objects.filter(art=Aufgabe.Art.BERICHT_PDF, eingabe__eingefroren=fassung.pk)
        .defer("eingabe")
        .order_by("-erstellt_am")
        .first()
    )


def pdf_starten(fassung: Berichtsfassung, *, benutzer: AbstractBaseUser | None) -> Aufgabe:
    """Enqueue the layout of the frozen PDFs of an adopted report (from its stored HTML)."""
    return starten(
        eingefrorene_pdfs,
        art=Aufgabe.Art.BERICHT_PDF,
        titel=_("Beschlossener Jahresbericht %(jahr)s als PDF") % {"jahr": fassung.jahr},
        benutzer=benutzer,
        sprache=BERICHTSSPRACHE,
        herkunft_url=fassung.get_absolute_url(),
        eingabe={EINGEFROREN: fassung.pk},
    )


def _pdfs_bauen(aufgabe: Aufgabe) -> None:
    fassung = Berichtsfassung.objects.defer("daten").get(pk=aufgabe.eingabe[EINGEFROREN])
    gebaut = 0
    for html in fassung.dateien.filter(format=Berichtsdatei.Format.HTML).order_by("variante"):
        if fassung.dateien.filter(variante=html.variante, format=Berichtsdatei.Format.PDF).exists():
            continue
        inhalt = html_als_pdf(bytes(html.inhalt).decode())
        try:
            with transaction.atomic():
                _datei(fassung, html.variante, Berichtsdatei.Format.PDF, inhalt)
        except (IntegrityError, ValidationError):
            continue  # stored meanwhile by a task delivered twice: the first bytes stay
        gebaut += 1
    aufgabe.ergebnis = {"pdf": gebaut}


@task()
def eingefrorene_pdfs(aufgabe_id: str) -> None:
    """Lay out and store the PDFs of an adopted report from its frozen HTML."""
    ausfuehren(aufgabe_id, _pdfs_bauen)
