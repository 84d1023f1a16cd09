"""Existing messages get their Kommune (issue 12): a note on a measure the measure's Kommune;
a message sent from a Kommune's public pages (its page under ``/oeffentlich/<slug>/``, in an
installation with several Kommunen) that Kommune; any other the installation's own Kommune (the
rule of ``RaumQuerySet.eigene_kommune``), as the other models' rows before the region."""

from urllib.parse import urlsplit

from django.db import migrations
from django.db.models import F

PRAEFIX = "/oeffentlich/"


def fuellen(apps, schema_editor):
    Raum = apps.get_model("aktionsplan", "Raum")  # noqa: N806
    Rueckmeldung = apps.get_model("rueckmeldungen", "Rueckmeldung")  # noqa: N806
    kommunen = list(
        Raum.objects.filter(ebene="kommune")
        .order_by(F("amtlicher_schluessel").asc(nulls_last=True), "pk")
        .values_list("pk", "slug")
    )
    if not kommunen:
        return
    je_slug = {slug: pk for pk, slug in kommunen} if len(kommunen) > 1 else {}
    for r in Rueckmeldung.objects.filter(kommune__isnull=True).select_related("massnahme__plan"):
        kommune_id = r.massnahme.plan.kommune_id if r.massnahme_id else None
        if kommune_id is None and je_slug:
            pfad = urlsplit(r.seite.strip()).path
            if pfad.startswith(PRAEFIX):
                kommune_id = je_slug.get(pfad[len(PRAEFIX) :].split("/", 1)[0])
        Rueckmeldung.objects.filter(pk=r.pk).update(kommune=kommune_id or kommunen[0][0])


class Migration(migrations.Migration):
    dependencies = [
        ("rueckmeldungen", "0002_kommune"),
        ("aktionsplan", "0022_raum_kommune_kurzname_frei"),
        ("projekte", "0010_text_leichte_sprache"),
    ]

    operations = [migrations.RunPython(fuellen, migrations.RunPython.noop)]
