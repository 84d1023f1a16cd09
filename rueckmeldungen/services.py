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
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.kommune import kommunenname_fuer
from aktionsplan.models import Zustaendigkeit
from aktionsplan.oeffentliche_kommune import PRAEFIX, kommune_zum_slug, oeffentliche_url_von
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
    defaults: the Ombudsstelle as enforcement body, the installation's contact address, as the
    responsible body the own Kommune, or in an installation with several Kommunen the region
    whose frame the pages carry (``kommunenname_fuer`` of a visitor; QA3 F16). One query (none
    more while the cache holds the Kommunen)."""
    gespeichert = Erklaerung.objects.filter(pk=ERKLAERUNG_PK).first()
    if gespeichert is not None:
        return gespeichert
    return Erklaerung(
        nicht_barrierefrei="\n".join(str(z) for z in ERSTE_NICHT_BARRIEREFREIE_INHALTE),
        methode_text=str(ERSTE_METHODE),
        kontakt_email=settings.KONTAKT_EMAIL,
        kontakt_stelle=kommunenname_fuer(AnonymousUser()),
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
    Redaktion of its Kommune (issue 11). In an installation with several Kommunen only people
    whose roles hold for the measure's Kommune or the whole region (a membership,
    ``aktionsplan.models.Zustaendigkeit``, or a superuser; issue 12, QA3 F12): never another
    Kommune's editor, not even as the responsible person. Without duplicates, the responsible
    person first, then by pk (one query; none more when the measure's plan is loaded)."""
    personen = get_user_model().objects.filter(is_active=True).exclude(email="")
    if bereich.mehrere_kommunen():
        kommune_id = bereich.kommune_von(massnahme)
        personen = personen.filter(
            models.Q(is_superuser=True)
            | models.Exists(
                Zustaendigkeit.objects.filter(
                    models.Q(kommune__isnull=True) | models.Q(kommune_id=kommune_id),
                    nutzer_id=models.OuterRef("pk"),
                )
            )
        )
    bedingung = models.Q(groups__name=REDAKTION)
    if massnahme.verantwortlich_id:
        bedingung |= models.Q(pk=massnahme.verantwortlich_id)
    gefunden = list(personen.filter(bedingung).order_by("pk").values_list("pk", "email"))
    adressen = [e for pk, e in gefunden if pk == massnahme.verantwortlich_id]
    adressen += [e for _pk, e in gefunden]
    return [a for a in dict.fromkeys(adressen) if a]


def kommune_der_seite(seite: str, *, basis_url: str) -> int | None:
    """The pk of the Kommune whose public pages the page ``seite`` (an address of this site, as
    the feedback form is filled in: ``basis_url`` gives scheme and host, or a path) belongs to:
    ``/oeffentlich/<slug>/…`` in an installation with several Kommunen
    (``aktionsplan.oeffentliche_kommune``). None for any other page, another site's address or
    text that is no address (the region's message), and in an installation with one Kommune
    (its messages belong to that one anyway). No query while the cache holds the Kommunen."""
    if not bereich.mehrere_kommunen():
        return None
    try:
        teile = urlsplit((seite or "").strip())
    except ValueError:
        return None
    if teile.netloc and teile.netloc != urlsplit(basis_url).netloc:
        return None
    if (teile.scheme or teile.netloc) and teile.scheme not in ("http", "https"):
        return None
    if not teile.path.startswith(PRAEFIX):
        return None
    kommune = kommune_zum_slug(teile.path[len(PRAEFIX) :].split("/", 1)[0])
    return kommune.pk if kommune is not None else None


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
    kommune_id: int | None = None,
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
        kommune_id=kommune_id,
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
    responsible person and the Redaktion of its Kommune (``hinweis_empfaenger``), and a
    confirmation with the deadline to the sender when an address is given. ``basis_url``:
    scheme and host for the links in the mails.

    The message belongs to a Kommune (issue 12): a note to the measure's, a message about a page
    of a Kommune's public pages to that Kommune (``kommune_der_seite``), any other to the region
    (in an installation with one Kommune: that one), whoever sends it. The write path checks a
    logged-in sender's Kommunen (``aktionsplan.bereich.vor_dem_schreiben``) only where their
    roles hold for that Kommune; elsewhere the form is the public's and the message is stored
    as a visitor's would be, never refused for the sender's scope.

    Raises ValidationError (missing consent, a bad address, a text too long; nothing stored).
    A mail that cannot be sent is logged, the message stays stored."""
    rueckmeldung = _neue_rueckmeldung(
        seite=seite,
        problem=problem,
        email=email,
        einwilligung=einwilligung,
        massnahme=massnahme,
        jetzt=jetzt,
        kommune_id=kommune_der_seite(seite, basis_url=basis_url) if massnahme is None else None,
    )
    if massnahme is not None and bereich.einzige_kommune() is None:
        rueckmeldung.kommune_id = bereich.kommune_von(massnahme)
    absender = (
        benutzer
        if benutzer is not None
        and benutzer.is_authenticated
        and bereich.darf_kommune(benutzer, rueckmeldung.kommune_id)
        else None
    )
    with transaction.atomic():
        speichern(rueckmeldung, benutzer=absender)
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


def absendername(rueckmeldung: Rueckmeldung) -> str:
    """Whom the sender wrote to, as the confirmation names it: the message's Kommune, else (a
    message of the region) the name the public pages are framed with (the region's in an
    installation with several Kommunen, else the own Kommune's). No query while the cache
    holds the Kommunen."""
    if rueckmeldung.kommune_id is not None and bereich.mehrere_kommunen():
        for pk, name, _slug in bereich.kommunen():
            if pk == rueckmeldung.kommune_id:
                return name
    return kommunenname_fuer(AnonymousUser())


def _senden(vorlage: str, rueckmeldung: Rueckmeldung, an: list[str], *, basis_url: str) -> bool:
    """One plain-text mail from ``vorlage``_betreff.txt / .txt; False if nobody to send to or
    the mail server refused (logged)."""
    an = [a for a in an if a]
    if not an:
        return False
    basis = basis_url.rstrip("/")
    kontext = {
        "r": rueckmeldung,
        "kommune": absendername(rueckmeldung),
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
