"""Create the roles Lesen, Redaktion and Datenpflege with their permissions on every database."""

from django.db import migrations


def rollen_anlegen(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from aktionsplan.rollen import rollen_einrichten

    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    rollen_einrichten(
        Group=apps.get_model("auth", "Group"), Permission=apps.get_model("auth", "Permission")
    )


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
