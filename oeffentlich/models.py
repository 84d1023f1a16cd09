"""Videos in German Sign Language (DGS, issue 11 point 3).

BITV 2.0 § 4 asks for explanations of a site's main content in Deutsche Gebärdensprache; the
site's explanation is the one video without a measure ("Erklärung der Seite"), and each measure
may carry its own video. Every video comes with WebVTT captions and a text version (the same
content for people who neither sign nor listen: WCAG 2.1 success criteria 1.2.1 and 1.2.2).

The files live in Django's default storage (``MEDIA_ROOT``, outside the static files; with
several app servers a shared volume, README) under names nobody can guess, and are served by
``oeffentlich.views`` from our own origin with range requests. A video is public if it is the
site's explanation or belongs to a published measure.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from aktionsplan.historie import Historie
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.sperre import Versioniert
from oeffentlich.dateipruefung import untertitel_pruefen, video_pruefen

ABLAGE = "gebaerdenvideos"


def _ablageort(instanz: Gebaerdenvideo, dateiname: str) -> str:
    """A new, unguessable name per upload with the original's (checked) extension."""
    punkt = dateiname.rfind(".")
    endung = dateiname[punkt:].lower() if punkt >= 0 else ""
    return f"{ABLAGE}/{uuid.uuid4().hex}{endung}"


class GebaerdenvideoQuerySet(BasisQuerySet):
    # A measure's video belongs to the measure's Kommune; the site explanation is shared.
    kommune_pfad = "projekt__plan__kommune"

    def oeffentlich(self):
        """The videos the public pages show: the site's explanation and the videos of published
        measures."""
        return self.filter(Q(projekt__isnull=True) | Q(projekt__veroeffentlicht=True))

    def seitenerklaerung(self):
        """The video that explains the site (at most one, see the constraint)."""
        return self.filter(projekt__isnull=True)


class Gebaerdenvideo(Versioniert):
    """A video in German Sign Language with its captions and text version."""

    titel = models.CharField(_("Titel"), max_length=200)
    video = models.FileField(
        _("Video"),
        upload_to=_ablageort,
        max_length=200,
        validators=[video_pruefen],
        help_text=_("MP4 oder WebM. Die Größe ist begrenzt (Einstellung UPLOAD_VIDEO_MAX_MB)."),
    )
    untertitel = models.FileField(
        _("Untertitel (WebVTT)"),
        upload_to=_ablageort,
        max_length=200,
        validators=[untertitel_pruefen],
        help_text=_("Untertitel auf Deutsch als WebVTT-Datei (.vtt), passend zum Video."),
    )
    textfassung = models.TextField(
        _("Textfassung"),
        help_text=_("Der Inhalt des Videos als Text; er steht auf der Seite unter dem Video."),
    )
    ist_beispiel = models.BooleanField(
        _("Beispielvideo"),
        default=False,
        help_text=_(
            "Angekreuzt: Die Seite kennzeichnet das Video als Beispiel ohne echte Gebärdensprache."
        ),
    )
    projekt = models.ForeignKey(
        "projekte.Projektskizze",
        verbose_name=_("Maßnahme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="gebaerdenvideos",
        help_text=_("Leer: das Video erklärt die Seite. Sonst das eigene Video der Maßnahme."),
    )

    history = Historie()
    objects = GebaerdenvideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gebärdenvideo")
        verbose_name_plural = _("Gebärdenvideos")
        ordering = ["pk"]
        constraints = [
            # One video per measure, and one without a measure: the site's explanation.
            models.UniqueConstraint(
                Coalesce("projekt", Value(0)),
                name="gebaerdenvideo_eins_je_massnahme",
                violation_error_message=_(
                    "Es gibt schon ein Gebärdenvideo für diese Maßnahme oder, ohne Maßnahme, "
                    "schon die Erklärung der Seite. Bitte ändern Sie das vorhandene Video."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    @property
    def ist_seitenerklaerung(self) -> bool:
        return self.projekt_id is None
