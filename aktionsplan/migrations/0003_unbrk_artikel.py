"""The substantive articles of the UN-BRK as a reference list every installation needs."""

from django.db import migrations

ARTIKEL = [
    (1, "Zweck", "Zweck"),
    (2, "Begriffsbestimmungen", "Begriffe"),
    (3, "Allgemeine Grundsätze", "Grundsätze"),
    (4, "Allgemeine Verpflichtungen", "Verpflichtungen"),
    (5, "Gleichberechtigung und Nichtdiskriminierung", "Nichtdiskriminierung"),
    (6, "Frauen mit Behinderungen", "Frauen"),
    (7, "Kinder mit Behinderungen", "Kinder"),
    (8, "Bewusstseinsbildung", "Bewusstseinsbildung"),
    (9, "Zugänglichkeit", "Zugänglichkeit"),
    (10, "Recht auf Leben", "Leben"),
    (11, "Gefahrensituationen und humanitäre Notlagen", "Notlagen"),
    (12, "Gleiche Anerkennung vor dem Recht", "Anerkennung vor dem Recht"),
    (13, "Zugang zur Justiz", "Justiz"),
    (14, "Freiheit und Sicherheit der Person", "Freiheit und Sicherheit"),
    (
        15,
        "Freiheit von Folter oder grausamer, unmenschlicher oder erniedrigender Behandlung "
        "oder Strafe",
        "Schutz vor Folter",
    ),
    (16, "Freiheit von Ausbeutung, Gewalt und Missbrauch", "Schutz vor Gewalt"),
    (17, "Schutz der Unversehrtheit der Person", "Unversehrtheit"),
    (18, "Freizügigkeit und Staatsangehörigkeit", "Freizügigkeit"),
    (
        19,
        "Unabhängige Lebensführung und Einbeziehung in die Gemeinschaft",
        "Wohnen",
    ),
    (20, "Persönliche Mobilität", "Mobilität"),
    (
        21,
        "Recht der freien Meinungsäußerung, Meinungsfreiheit und Zugang zu Informationen",
        "Information",
    ),
    (22, "Achtung der Privatsphäre", "Privatsphäre"),
    (23, "Achtung der Wohnung und der Familie", "Familie"),
    (24, "Bildung", "Bildung"),
    (25, "Gesundheit", "Gesundheit"),
    (26, "Habilitation und Rehabilitation", "Rehabilitation"),
    (27, "Arbeit und Beschäftigung", "Arbeit"),
    (28, "Angemessener Lebensstandard und sozialer Schutz", "Lebensstandard"),
    (29, "Teilhabe am politischen und öffentlichen Leben", "politische Teilhabe"),
    (
        30,
        "Teilhabe am kulturellen Leben sowie an Erholung, Freizeit und Sport",
        "Kultur und Sport",
    ),
    (31, "Statistik und Datensammlung", "Statistik"),
    (32, "Internationale Zusammenarbeit", "Zusammenarbeit"),
    (33, "Innerstaatliche Durchführung und Überwachung", "Umsetzung und Überwachung"),
]


def anlegen(apps, schema_editor):
    UNBRKArtikel = apps.get_model("aktionsplan", "UNBRKArtikel")
    for nummer, titel, kurztitel in ARTIKEL:
        UNBRKArtikel.objects.update_or_create(
            nummer=nummer, defaults={"titel": titel, "kurztitel": kurztitel}
        )


class Migration(migrations.Migration):
    dependencies = [("aktionsplan", "0002_rollen")]

    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
