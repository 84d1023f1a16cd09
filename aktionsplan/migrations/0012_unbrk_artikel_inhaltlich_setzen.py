"""Mark the substantive articles of the UN-BRK (Art. 5–30, the rights that measures implement).

Art. 1–4 state purpose, definitions, principles and general obligations; Art. 31–50 concern
statistics, cooperation, implementation and monitoring and the treaty's procedure. Neither is an
article a municipal measure is meant to implement, so the coverage matrix leaves them out.
"""

from django.db import migrations

ERSTER, LETZTER = 5, 30


def setzen(apps, schema_editor):
    UNBRKArtikel = apps.get_model("aktionsplan", "UNBRKArtikel")
    UNBRKArtikel.objects.filter(nummer__gte=ERSTER, nummer__lte=LETZTER).update(inhaltlich=True)
    UNBRKArtikel.objects.exclude(nummer__gte=ERSTER, nummer__lte=LETZTER).update(inhaltlich=False)


def zuruecksetzen(apps, schema_editor):
    apps.get_model("aktionsplan", "UNBRKArtikel").objects.update(inhaltlich=False)


class Migration(migrations.Migration):
    dependencies = [("aktionsplan", "0011_unbrk_artikel_inhaltlich")]

    operations = [migrations.RunPython(setzen, zuruecksetzen)]
