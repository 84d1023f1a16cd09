"""Writes of monitoring that go beyond one plain form save: the ratings of qualitative indicators
(issue 9, point 4). The rules live on the model (``Einschaetzung.clean()`` and its constraints);
every write path — staff views, admin, demo — goes through ``aktionsplan.sperre.speichern`` so
that the version lock and the change history hold, as they do here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from aktionsplan.sperre import speichern
from monitoring.models import Einschaetzung, Erkenntnis, Indikator

FELDER = ("jahr", "gruppe", "stufe", "text", "anlass", "datum")


def einschaetzung_anlegen(
    einschaetzung: Einschaetzung,
    *,
    benutzer: AbstractBaseUser | None,
    erkenntnisse: Iterable[Erkenntnis] = (),
) -> Einschaetzung:
    """Record a group's rating, entered on its behalf by ``benutzer`` (recorded as
    ``erfasst_von``). Raises ValidationError (a rule of the rating) and writes nothing then."""
    einschaetzung.erfasst_von = benutzer
    return speichern(einschaetzung, benutzer=benutzer, m2m={"erkenntnisse": list(erkenntnisse)})


def einschaetzung_aendern(
    einschaetzung: Einschaetzung,
    *,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    erkenntnisse: Iterable[Erkenntnis],
) -> Einschaetzung:
    """Save the changed rating, or raise VeralteterStandError (someone changed it since the
    form was opened) / ValidationError and write nothing."""
    return speichern(
        einschaetzung,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=FELDER,
        m2m={"erkenntnisse": list(erkenntnisse)},
    )


def indikator_freigeben(
    *,
    indikator: Indikator,
    benutzer: AbstractBaseUser | None,
    erwartete_version: int | None,
    oeffentlich: bool,
) -> Indikator:
    """Show an indicator on the public pages (its values protected as inside,
    ``monitoring.schutz``), or withdraw it. Recorded in the indicator's history; raises
    VeralteterStandError (changed since the form was opened) and writes nothing then."""
    indikator.oeffentlich = oeffentlich
    return speichern(
        indikator,
        benutzer=benutzer,
        erwartete_version=erwartete_version,
        felder=["oeffentlich"],
        grund=_("Indikator veröffentlicht") if oeffentlich else _("Indikator zurückgezogen"),
    )
