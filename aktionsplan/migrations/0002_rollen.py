"""Create the roles Lesen, Redaktion and Datenpflege with their permissions on every database."""

from django.db import migrations


def rollen_anlegen(apps, schema_editor):
    from aktionsplan.rollen import rollen_nach_migration

    # Permissions are normally created after all migrations ran; the groups need them now.
    rollen_nach_migration(apps=apps)


def rollen_entfernen(apps, schema_editor):
    from aktionsplan.rollen import ROLLEN

    apps.get_model("auth", "Group").objects.filter(name__in=ROLLEN).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("aktionsplan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("akteure", "0001_initial"),
        ("projekte", "0001_initial"),
        ("monitoring", "0001_initial"),
    ]

    operations = [migrations.RunPython(rollen_anlegen, rollen_entfernen)]
