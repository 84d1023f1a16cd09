"""Reminders: one e-mail per responsible person with their overdue milestones and their measures
without a recent status report.

Rules: a milestone is overdue if it is open and its due date lies before the Stichtag. Measures
that need a report are exactly those of ``Projektskizze.objects.ohne_aktuellen_sachstand()`` — the
same list the overview shows (Idee, In Planung, In Umsetzung with no report for more than
settings.SACHSTAND_MAX_ALTER_TAGE days). People with nothing due get no mail; measures without a
responsible person (or whose person has no e-mail address) are returned separately so the command
can list them.

Sending runs in the task queue: `manage.py erinnerungen` (from cron) enqueues one task per person
(monitoring.hintergrund.erinnerung), which looks up that person's due items again when it runs
and sends one mail. A mail that cannot be sent (SMTP or network error) fails its own task, which
is logged and shown to the Datenpflege; the other reminders are still sent.

Queries (fixed): 1 overdue milestones with their measures and persons, 2 measures without a
recent report with their persons.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from aktionsplan.personen import anzeigename
from projekte.models import Meilenstein, Projektskizze

logger = logging.getLogger(__name__)


@dataclass
class Erinnerung:
    person: object
    meilensteine: list[Meilenstein] = field(default_factory=list)
    projekte: list[Projektskizze] = field(default_factory=list)


@dataclass
class Ergebnis:
    erinnerungen: list[Erinnerung]
    ohne_verantwortlich: list[Projektskizze]


def basis_url() -> str:
    return getattr(settings, "BASIS_URL", "http://127.0.0.1:8000").rstrip("/")


def erinnerungen_ermitteln(*, stichtag: datetime.date, person_id: int | None = None) -> Ergebnis:
    """Everything due at ``stichtag``, per person; only ``person_id``'s items when given."""
    meilensteine = Meilenstein.objects.ueberfaellig(stichtag)
    projekte = Projektskizze.objects.ohne_aktuellen_sachstand(stichtag)
    if person_id is not None:
        meilensteine = meilensteine.filter(projekt__verantwortlich_id=person_id)
        projekte = projekte.filter(verantwortlich_id=person_id)
    meilensteine = list(
        meilensteine.select_related("projekt", "projekt__plan", "projekt__verantwortlich").order_by(
            "faellig_am", "pk"
        )
    )
    projekte = list(projekte.order_by("plan__name", "nummer"))

    je_person: dict[int, Erinnerung] = {}
    ohne: dict[int, Projektskizze] = {}

    def _ziel(projekt: Projektskizze) -> Erinnerung | None:
        person = projekt.verantwortlich
        if person is None or not person.email or not person.is_active:
            ohne.setdefault(projekt.pk, projekt)
            return None
        return je_person.setdefault(person.pk, Erinnerung(person=person))

    for ms in meilensteine:
        if (ziel := _ziel(ms.projekt)) is not None:
            ziel.meilensteine.append(ms)
    for projekt in projekte:
        if (ziel := _ziel(projekt)) is not None:
            ziel.projekte.append(projekt)

    return Ergebnis(
        erinnerungen=sorted(je_person.values(), key=lambda e: e.person.username),
        ohne_verantwortlich=sorted(ohne.values(), key=lambda p: (p.plan.name, p.nummer)),
    )


def nachricht_erstellen(
    erinnerung: Erinnerung, *, stichtag: datetime.date
) -> EmailMultiAlternatives:
    kontext = {
        "person": erinnerung.person,
        "name": anzeigename(erinnerung.person),
        "meilensteine": erinnerung.meilensteine,
        "projekte": erinnerung.projekte,
        "stichtag": stichtag,
        "basis_url": basis_url(),
        "max_alter_tage": settings.SACHSTAND_MAX_ALTER_TAGE,
    }
    betreff = _("Aktionsplan Inklusion: Erinnerung an fällige Meilensteine und Sachstände")
    nachricht = EmailMultiAlternatives(
        subject=betreff,
        body=render_to_string("monitoring/email/erinnerung.txt", kontext),
        to=[erinnerung.person.email],
    )
    nachricht.attach_alternative(
        render_to_string("monitoring/email/erinnerung.html", kontext), "text/html"
    )
    return nachricht


def erinnerung_senden(*, person_id: int, stichtag: datetime.date) -> Erinnerung | None:
    """Send ``person_id`` the reminder of what is due for them at ``stichtag`` (two queries and
    one mail), or nothing if nothing is due any more (or they have no address now).

    Raises smtplib.SMTPException or OSError when the mail cannot be sent (logged here).
    """
    with translation.override(settings.LANGUAGE_CODE):
        ergebnis = erinnerungen_ermitteln(stichtag=stichtag, person_id=person_id)
        if not ergebnis.erinnerungen:
            return None
        erinnerung = ergebnis.erinnerungen[0]
        try:
            nachricht_erstellen(erinnerung, stichtag=stichtag).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Erinnerung an %s nicht gesendet", erinnerung.person.email)
            raise
    return erinnerung
