# The plan version's number is "nummer": "version" is the optimistic lock's column on every model.

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("aktionsplan", "0005_aenderungsgrund_als_text"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="fortschreibung", name="fortschreibung_je_plan"),
        migrations.RemoveConstraint(
            model_name="fortschreibung", name="fortschreibung_version_ab_1"
        ),
        migrations.RenameField(model_name="fortschreibung", old_name="version", new_name="nummer"),
        migrations.AlterModelOptions(
            name="fortschreibung",
            options={
                "ordering": ["plan", "nummer"],
                "verbose_name": "Fortschreibung",
                "verbose_name_plural": "Fortschreibungen",
            },
        ),
        migrations.AddConstraint(
            model_name="fortschreibung",
            constraint=models.UniqueConstraint(
                fields=("plan", "nummer"),
                name="fortschreibung_je_plan",
                violation_error_message="Diese Version des Plans gibt es schon.",
            ),
        ),
        migrations.AddConstraint(
            model_name="fortschreibung",
            constraint=models.CheckConstraint(
                condition=Q(nummer__gte=1),
                name="fortschreibung_version_ab_1",
                violation_error_message="Versionen beginnen bei 1.",
            ),
        ),
    ]
