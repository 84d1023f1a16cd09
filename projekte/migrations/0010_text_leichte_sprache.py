from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projekte", "0009_oeffentlich_sachstand_und_kosten"),
    ]

    operations = [
        migrations.RenameField(
            model_name="projektskizze",
            old_name="leichte_sprache",
            new_name="text_leichte_sprache",
        ),
        migrations.RenameField(
            model_name="historicalprojektskizze",
            old_name="leichte_sprache",
            new_name="text_leichte_sprache",
        ),
        migrations.AlterField(
            model_name="historicalprojektskizze",
            name="text_leichte_sprache",
            field=models.TextField(
                blank=True,
                help_text="Erscheint auf der öffentlichen Seite in Leichter Sprache. Kurze Sätze, ein Gedanke je Satz, bekannte Wörter, schwere Wörter erklärt (Regeln des Netzwerks Leichte Sprache).",
                verbose_name="Text in Leichter Sprache",
            ),
        ),
        migrations.AlterField(
            model_name="projektskizze",
            name="text_leichte_sprache",
            field=models.TextField(
                blank=True,
                help_text="Erscheint auf der öffentlichen Seite in Leichter Sprache. Kurze Sätze, ein Gedanke je Satz, bekannte Wörter, schwere Wörter erklärt (Regeln des Netzwerks Leichte Sprache).",
                verbose_name="Text in Leichter Sprache",
            ),
        ),
    ]
