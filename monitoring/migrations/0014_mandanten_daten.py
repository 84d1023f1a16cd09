"""Existing findings, ratings and yearly reports belong to the installation's own Kommune (the
rule of ``RaumQuerySet.eigene_kommune``); a finding of a participation event to the event's
Kommune (aktionsplan.bereich)."""

from django.db import migrations
from django.db.models import F


def fuellen(apps, schema_editor):
    Raum = apps.get_model("aktionsplan", "Raum")  # noqa: N806
    eigene = (
        Raum.objects.filter(ebene="kommune")
        .order_by(F("amtlicher_schluessel").asc(nulls_last=True), "pk")
        .first()
    )
    Erkenntnis = apps.get_model("monitoring", "Erkenntnis")  # noqa: N806
    for erkenntnis in Erkenntnis.objects.filter(
        beteiligungsformat__kommune__isnull=False
    ).select_related("beteiligungsformat"):
        Erkenntnis.objects.filter(pk=erkenntnis.pk).update(
            kommune=erkenntnis.beteiligungsformat.kommune_id
        )
    if eigene is None:
        return
    for modell in ("Erkenntnis", "Einschaetzung", "Berichtsfassung"):
        apps.get_model("monitoring", modell).objects.filter(kommune__isnull=True).update(
            kommune=eigene
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0013_mandanten"), ("aktionsplan", "0021_mandanten_daten")]

    operations = [migrations.RunPython(fuellen, migrations.RunPython.noop)]
