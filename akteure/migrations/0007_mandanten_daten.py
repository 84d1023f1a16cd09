"""Existing municipal actors belong to the installation's own Kommune (the rule of
``RaumQuerySet.eigene_kommune``); actors of the StädteRegion, the Land or the Bund stay shared by
the region (aktionsplan.bereich)."""

from django.db import migrations
from django.db.models import F


def fuellen(apps, schema_editor):
    Raum = apps.get_model("aktionsplan", "Raum")  # noqa: N806
    eigene = (
        Raum.objects.filter(ebene="kommune")
        .order_by(F("amtlicher_schluessel").asc(nulls_last=True), "pk")
        .first()
    )
    if eigene is not None:
        apps.get_model("akteure", "Akteur").objects.filter(
            ebene="kommunal", kommune__isnull=True
        ).update(kommune=eigene)


class Migration(migrations.Migration):
    dependencies = [("akteure", "0006_mandanten"), ("aktionsplan", "0021_mandanten_daten")]

    operations = [migrations.RunPython(fuellen, migrations.RunPython.noop)]
