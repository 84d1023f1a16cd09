"""The regional yearly report (issue 12, point 2) as a document, and its PDF in the task queue.

The regional report bundles the Kommunen's adopted reports and adds a summary with the
comparisons across Kommunen (``querschnitt.region``). As HTML it is rendered on request (and
stored per data version, ``querschnitt.regionsseiten``); as PDF WeasyPrint needs about a minute
for a large region (1,500 indicators × 10 Kommunen: 64 s on the benchmark data), longer than a
request may take (gunicorn's ``timeout``, 30 s). So the PDF is built by the worker
(``manage.py arbeiter``) like a Kommune's report (``monitoring.hintergrund``), and a file built
for the same content is served again (``aufgaben.services.fertige_datei``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from aktionsplan.bereich import regionsrolle
from aktionsplan.querysets import bereichsschluessel
from aufgaben.models import Aufgabe
from aufgaben.services import (
    AufgabeFehler,
    ausfuehren,
    datei_ablegen,
    datei_starten,
    datei_uebernehmen,
    fertige_datei,
)
from monitoring.jahresbericht import datenstand
from monitoring.jahresbericht_export import html_als_pdf
from projekte.models import Status
from querschnitt import region

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Raised when the regional report's layout changes, so that files built before are not served.
BERICHT_FASSUNG = 1


def berichtskontext(nutzer: AbstractBaseUser | AnonymousUser, jahr: int) -> dict:
    """What the regional report of ``jahr`` shows to ``nutzer``: the Kommunen they see, each
    one's adopted report, the status counts and the indicators of the year, protected. Queries:
    the adopted reports, their files' names (only when there are some), the status counts, the
    population indicator, the indicators' groups of the year, the population groups (one more
    when an indicator is built on others)."""
    kommunen = region.kommunen_fuer(nutzer)
    return {
        "jahr": jahr,
        "kommunen": kommunen,
        "berichte": region.berichte_des_jahres(nutzer, jahr, kommunen),
        "status": list(Status),
        "statuszeilen": region.statusmatrix(nutzer, kommunen),
        "indikatorzeilen": region.indikatoren_im_jahr(
            nutzer, jahr, kommunen, region.einwohnerindikator()
        ),
        "erstellt_am": timezone.localtime(),
    }


def bericht_dokument(nutzer: AbstractBaseUser | AnonymousUser, jahr: int, basis_url: str) -> str:
    """The regional report of ``jahr`` as one HTML document in the active language. Its links
    to the Kommunen's files start with ``basis_url`` (the site's address, no trailing slash),
    so that they work from a downloaded file."""
    kontext = berichtskontext(nutzer, jahr)
    kontext["basis_url"] = basis_url
    return render_to_string("querschnitt/region_bericht_dokument.html", kontext)


def bericht_titel(jahr: int) -> str:
    return _("Regionaler Jahresbericht %(jahr)s als PDF") % {"jahr": jahr}


def berichtsschluessel(
    jahr: int, *, sprache: str, nutzer: AbstractBaseUser | AnonymousUser, basis_url: str
) -> str:
    """The content key of a regional report's PDF: year, data stand (the newest change of what
    a report shows, ``monitoring.jahresbericht.datenstand``; one query), language, the site's
    address (the file's links), what ``nutzer`` may see (``bereichsschluessel``: a file built for
    some Kommunen is never served to a person of others) and the layout's version."""
    stand = datenstand()
    return ":".join(
        str(teil)
        for teil in (
            "region",
            BERICHT_FASSUNG,
            jahr,
            stand.isoformat() if stand else "",
            sprache,
            basis_url,
            bereichsschluessel(nutzer),
        )
    )


def bericht_starten(
    *,
    jahr: int,
    benutzer: AbstractBaseUser,
    sprache: str,
    basis_url: str,
    herkunft_url: str,
) -> Aufgabe:
    """The record of the regional report's PDF for ``benutzer``: done at once if a file for the
    same content exists (``berichtsschluessel``), else queued (``bericht_pdf``)."""
    return datei_starten(
        bericht_pdf,
        schluessel=berichtsschluessel(jahr, sprache=sprache, nutzer=benutzer, basis_url=basis_url),
        art=Aufgabe.Art.BERICHT_PDF,
        titel=bericht_titel(jahr),
        benutzer=benutzer,
        sprache=sprache,
        herkunft_url=herkunft_url,
        eingabe={"jahr": jahr, "basis_url": basis_url, "region": True},
    )


def _bericht_bauen(aufgabe: Aufgabe) -> None:
    jahr, basis_url = aufgabe.eingabe["jahr"], aufgabe.eingabe["basis_url"]
    leser = aufgabe.gestartet_von or AnonymousUser()
    # The region role checked again now: memberships may have been taken away meanwhile.
    if not regionsrolle(leser):
        raise AufgabeFehler(_("Sie sehen die Region nicht mehr. Es wurde keine Datei erstellt."))
    # The key before the data is read: a change during the build gives the next request a new
    # key, so a file is never served for a state newer than the one it was started on.
    schluessel = berichtsschluessel(
        jahr, sprache=aufgabe.sprache, nutzer=leser, basis_url=basis_url
    )
    vorhanden = fertige_datei(schluessel)
    if vorhanden is not None:
        datei_uebernehmen(aufgabe, vorhanden)
        return
    inhalt = html_als_pdf(bericht_dokument(leser, jahr, basis_url))
    aufgabe.ergebnis = {"bytes": len(inhalt)}
    datei_ablegen(
        aufgabe, inhalt, dateiname=f"regionaler-jahresbericht-{jahr}.pdf", schluessel=schluessel
    )


@task()
def bericht_pdf(aufgabe_id: str) -> None:
    """Build the regional yearly report's PDF (about a minute of WeasyPrint for a big region)."""
    ausfuehren(aufgabe_id, _bericht_bauen)
