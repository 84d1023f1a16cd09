"""The rater groups of qualitative indicators as reference data every installation starts with
(more can be added in the admin)."""

from django.db import migrations

GRUPPEN = [
    (1, "Verwaltung", "Die Verwaltung der Kommune, z. B. die koordinierende Stelle."),
    (2, "Behindertenbeirat", "Der Beirat der Menschen mit Behinderungen der Kommune."),
    (
        3,
        "Selbstvertretung",
        "Selbstvertretungsorganisationen und Zielgruppen, z. B. aus Befragungen oder Foren.",
    ),
]


def anlegen(apps, schema_editor):
    Bewertergruppe = apps.get_model("monitoring", "Bewertergruppe")
    for reihenfolge, name, beschreibung in GRUPPEN:
        Bewertergruppe.objects.get_or_create(
            name=name, defaults={"reihenfolge": reihenfolge, "beschreibung": beschreibung}
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0009_steckbrief_und_einschaetzungen")]

    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
