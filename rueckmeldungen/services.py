"""Writes of the accessibility statement and of feedback, and the e-mails feedback sends.

Every write goes through ``aktionsplan.sperre.speichern`` (the model's rules, the optimistic
lock, one history row naming the person). Feedback comes from anonymous visitors: it is stored
first, in its own transaction, and only then announced by e-mail, so that a mail server that
does not answer never loses a message (the failure is logged, the Datenpflege sees the message
in the list anyway).
"""

from __future__ import annotations

import calendar
import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from aktionsplan.kommune import kommunenname
from aktionsplan.oeffentliche_kommune import oeffentliche_url_von
from aktionsplan.rollen import REDAKTION
from aktionsplan.sperre import VeralteterStandError, speichern, veraltet_beschreiben
from aktionsplan.zwischenspeicher import DAUER
from projekte.models import Projektskizze
from rueckmeldungen.models import ERKLAERUNG_PK, Erklaerung, Rueckmeldung

logger = logging.getLogger(__name__)

ERKLAERUNG_SCHLUESSEL = "rueckmeldungen:erklaerung"

# What the statement says before the Datenpflege first saves it: the self-assessment of the
# software as shipped (the page's fixed text until the statement became editable).
ERSTE_NICHT_BARRIEREFREIE_INHALTE = (
    _(
        "Der Verwaltungsbereich für die Datenpflege („Datenpflege (Admin)“) beruht auf der "
        "Standardoberfläche des eingesetzten Frameworks und wurde noch nicht vollständig geprüft."
    ),
    _(
        "Die als PDF erzeugten Jahresberichte sind noch nicht vollständig mit "
        "Strukturinformationen versehen. Dieselben Inhalte stehen als Webseite und als Tabelle "
        "(XLSX) zur Verfügung."
    ),
    _(
        "Diagramme werden durch Tabellen mit denselben Zahlen ergänzt; eine ausführliche "
        "Textbeschreibung fehlt teilweise."
    ),
    _("Zusammenfassungen in Leichter Sprache liegen noch nicht für alle Maßnahmen vor."),
)
ERSTE_METHODE = _(
    "Grundlage ist eine Selbstbewertung: automatisierte Prüfungen aller Seitentypen mit axe-core "
    "(auch bei 320 Pixeln Breite und mit fehlerhaft ausgefüllten Formularen) und Bedienung allein "
    "mit der Tastatur. Eine Prüfung mit Bildschirmleseprogrammen steht noch aus."
)


def erklaerung_gespeichert() -> Erklaerung:
    """``erklaerung()`` from Django's cache: the statement page costs no query while the cache
    holds it (one on a miss). Every write of the statement drops the entry, now and when its
    transaction commits (``erklaerung_vergessen``, connected to its history in ``apps``). Per
    language: the statement before its first save carries translated default texts."""
    schluessel = f"{ERKLAERUNG_SCHLUESSEL}:{get_language() or ''}"
    wert = cache.get(schluessel)
    if wert is None:
        wert = erklaerung()
        cache.set(schluessel, wert, timeout=DAUER)
    return wert


def erklaerung_vergessen() -> None:
    """Drop the cached statement, now and again when the current transaction commits (a reader
    in between must not keep the old one)."""
    schluessel = [f"{ERKLAERUNG_SCHLUESSEL}:{code}" for code, _name in settings.LANGUAGES]
    schluessel.append(f"{ERKLAERUNG_SCHLUESSEL}:")
    cache.delete_many(schluessel)
    transaction.on_commit(lambda: cache.delete_many(schluessel))


def erklaerung() -> Erklaerung:
    """The stored statement, or (before the Datenpflege saved one) an unsaved one with the
    defaults: the Ombudsstelle as enforcement body, the installation's contact address. One
    query."""
    gespeichert = Erklaerung.objects.filter(pk=ERKLAERUNG_PK).first()
    if gespeichert is not None:
        return gespeichert
    return Erklaerung(
        nicht_barrierefrei="\n".join(str(z) for z in ERSTE_NICHT_BARRIEREFREIE_INHALTE),
        methode_text=str(ERSTE_METHODE),
        kontakt_email=settings.KONTAKT_EMAIL,
        kontakt_stelle=kommunenname(abfragen=False),
    )


def erklaerung_speichern(
    objekt: Erklaerung,
    *,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    felder: list[str] | None,
) -> Erklaerung:
    """Save the statement the form filled (create it on the first save). Raises
    ``VeralteterStandError`` (someone saved in between; nothing written) or ``ValidationError``
    (a rule of ``Erklaerung.clean``).

    ``erwartete_version`` None: the form was opened before the statement existed. If it exists
    now, someone else created it in between, and this save is stale like any other (it would
    overwrite their text unseen). Two people creating it at the same moment: the second INSERT
    hits the primary key (or, a moment later, ``validate_unique``) and is refused the same way."""
    neu = not Erklaerung.objects.filter(pk=ERKLAERUNG_PK).exists()
    if not neu and erwartete_version is None:
        raise VeralteterStandError(veraltet_beschreiben(Erklaerung, ERKLAERUNG_PK, None))
    objekt._state.adding = neu
    try:
        return speichern(
            objekt,
            benutzer=benutzer,
            erwartete_version=None if neu else erwartete_version,
            felder=None if neu else felder,
        )
    except ValidationError:
        if neu and Erklaerung.objects.filter(pk=ERKLAERUNG_PK).exists():
            objekt._state.adding = True
            raise VeralteterStandError(
                veraltet_beschreiben(Erklaerung, ERKLAERUNG_PK, None)
            ) from None
        raise


def antwortfrist(eingang: datetime.date) -> datetime.date:
    """The date by which feedback received on ``eingang`` is answered.

    ``RUECKMELDUNG_ANTWORTFRIST_TAGE`` days after it, or, when that setting is empty (the
    default), one calendar month (31 January → 28/29 February). BITV NRW § 5 Abs. 2: two to at
    most six weeks, with an interim reply where a final answer takes longer; the setting is
    checked against those bounds in ``konfiguration.settings``."""
    tage = settings.RUECKMELDUNG_ANTWORTFRIST_TAGE
    if tage:
        return eingang + datetime.timedelta(days=tage)
    jahr, monat = (
        (eingang.year + 1, 1) if eingang.month == 12 else (eingang.year, eingang.month + 1)
    )
    return datetime.date(jahr, monat, min(eingang.day, calendar.monthrange(jahr, monat)[1]))


def antwortfrist_text() -> str:
    """The deadline as the pages say it: "einem Monat" or "30 Tagen"."""
    tage = settings.RUECKMELDUNG_ANTWORTFRIST_TAGE
    if tage:
        return ngettext("%(tage)s Tag", "%(tage)s Tagen", tage) % {"tage": tage}
    return gettext("einem Monat")


def eingangsadresse() -> str:
    """Where new feedback is announced: ``RUECKMELDUNG_EMAIL``, else the statement's feedback
    address, else ``KONTAKT_EMAIL`` (one query at most)."""
    return settings.RUECKMELDUNG_EMAIL or erklaerung().kontakt_email or settings.KONTAKT_EMAIL


def hinweis_empfaenger(massnahme: Projektskizze) -> list[str]:
    """Who gets a note on ``massnahme``: its responsible person and the active members of the
    Redaktion (issue 11: "the Redaktion of its Kommune"; one Kommune per installation today, the
    region issue narrows this through the same scope as the pages). Without duplicates, in a
    fixed order (one query)."""
    adressen = []
    if massnahme.verantwortlich_id and massnahme.verantwortlich.is_active:
        adressen.append(massnahme.verantwortlich.email)
    adressen += list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=REDAKTION)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    return [a for a in dict.fromkeys(adressen) if a]


@dataclass(frozen=True)
class Eingang:
    """What the sender is told: the reference number and the answer deadline."""

    rueckmeldung: Rueckmeldung
    bestaetigung_gesendet: bool


def _neue_rueckmeldung(
    *,
    seite: str,
    problem: str,
    email: str,
    einwilligung: bool,
    massnahme: Projektskizze | None,
    jetzt: datetime.datetime | None,
) -> Rueckmeldung:
    jetzt = jetzt or timezone.now()
    return Rueckmeldung(
        seite=seite,
        problem=problem,
        email=email,
        einwilligung=einwilligung,
        massnahme=massnahme,
        eingegangen_am=jetzt,
        antwort_bis=antwortfrist(timezone.localdate(jetzt)),
    )


def rueckmeldung_pruefen(
    *,
    seite: str,
    problem: str,
    email: str,
    einwilligung: bool,
    massnahme: Projektskizze | None,
    jetzt: datetime.datetime | None = None,
) -> datetime.date:
    """Check feedback by the rules ``rueckmeldung_eingeben`` applies, without storing or
    sending anything, and return its answer deadline: the answer to a filled honeypot
    (rueckmeldungen.abwehr), which must look like a taken message. Raises ValidationError
    like ``rueckmeldung_eingeben``."""
    rueckmeldung = _neue_rueckmeldung(
        seite=seite,
        problem=problem,
        email=email,
        einwilligung=einwilligung,
        massnahme=massnahme,
        jetzt=jetzt,
    )
    rueckmeldung.full_clean()
    return rueckmeldung.antwort_bis


def rueckmeldung_eingeben(
    *,
    seite: str,
    problem: str,
    email: str,
    einwilligung: bool,
    massnahme: Projektskizze | None,
    benutzer: AbstractBaseUser | None,
    basis_url: str,
    jetzt: datetime.datetime | None = None,
) -> Eingang:
    """Store feedback from the form (or a note on ``massnahme``, which must be public) and send
    the mails: the announcement to ``eingangsadresse()``, a note also to the measure's
    responsible person and the Redaktion, and a confirmation with the deadline to the sender
    when an address is given. ``basis_url``: scheme and host for the links in the mails.

    Raises ValidationError (missing consent, a bad address, a text too long; nothing stored).
    A mail that cannot be sent is logged, the message stays stored."""
    rueckmeldung = _neue_rueckmeldung(
        seite=seite,
        problem=problem,
        email=email,
        einwilligung=einwilligung,
        massnahme=massnahme,
        jetzt=jetzt,
    )
    with transaction.atomic():
        speichern(
            rueckmeldung, benutzer=benutzer if benutzer and benutzer.is_authenticated else None
        )
    _senden(
        "rueckmeldungen/email/eingang",
        rueckmeldung,
        [eingangsadresse()],
        basis_url=basis_url,
    )
    if massnahme is not None:
        _senden(
            "rueckmeldungen/email/hinweis",
            rueckmeldung,
            hinweis_empfaenger(massnahme),
            basis_url=basis_url,
        )
    gesendet = False
    if rueckmeldung.email:
        gesendet = _senden(
            "rueckmeldungen/email/bestaetigung",
            rueckmeldung,
            [rueckmeldung.email],
            basis_url=basis_url,
        )
    return Eingang(rueckmeldung=rueckmeldung, bestaetigung_gesendet=gesendet)


def _senden(vorlage: str, rueckmeldung: Rueckmeldung, an: list[str], *, basis_url: str) -> bool:
    """One plain-text mail from ``vorlage``_betreff.txt / .txt; False if nobody to send to or
    the mail server refused (logged)."""
    an = [a for a in an if a]
    if not an:
        return False
    basis = basis_url.rstrip("/")
    kontext = {
        "r": rueckmeldung,
        "kommune": kommunenname(),
        "link": f"{basis}{rueckmeldung.get_absolute_url()}",
        "erklaerung_url": f"{basis}{reverse('barrierefreiheit')}",
        "datenschutz_url": f"{basis}{reverse('datenschutz')}",
        "massnahme_url": (
            # Under the prefix of the measure's Kommune in a region.
            basis
            + oeffentliche_url_von(
                "oeffentlich:massnahme", rueckmeldung.massnahme_id, objekt=rueckmeldung.massnahme
            )
            if rueckmeldung.massnahme_id
            else ""
        ),
    }
    betreff = " ".join(render_to_string(f"{vorlage}_betreff.txt", kontext).split())
    try:
        EmailMessage(
            subject=betreff,
            body=render_to_string(f"{vorlage}.txt", kontext),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=an,
        ).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Mail %s zu Rückmeldung %s nicht gesendet", vorlage, rueckmeldung.pk)
        return False
    return True


def status_setzen(
    rueckmeldung: Rueckmeldung,
    *,
    status: str,
    notiz: str,
    benutzer: AbstractBaseUser,
    erwartete_version: int | None,
) -> Rueckmeldung:
    """Change the status and the internal note. Raises ``VeralteterStandError`` (changed since
    the form was opened; nothing written) or ``ValidationError`` (an unknown status).
    Nothing changed: nothing written."""
    felder = [
        f for f, wert in (("status", status), ("notiz", notiz)) if getattr(rueckmeldung, f) != wert
    ]
    if not felder:
        return rueckmeldung
    rueckmeldung.status = status
    rueckmeldung.notiz = notiz
    return speichern(
        rueckmeldung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=felder,
    )
