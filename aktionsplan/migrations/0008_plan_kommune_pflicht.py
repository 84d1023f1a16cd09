# Every plan belongs to a Kommune: existing plans get the installation's Kommune (the first area of
# level "kommune"; one is created from KOMMUNE_NAME if plans exist but no Kommune does).

from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def kommune_setzen(apps, schema_editor):
    Plan = apps.get_model("aktionsplan", "Plan")
    Raum = apps.get_model("aktionsplan", "Raum")
    ohne = Plan.objects.filter(kommune__isnull=True)
    if not ohne.exists():
        return
    kommune = Raum.objects.filter(ebene="kommune").order_by("pk").first()
    if kommune is None:
        name = getattr(settings, "KOMMUNE_NAME", "") or "Kommune"
        kommune = Raum.objects.create(name=name, slug=slugify(name)[:80] or "kommune", ebene="kommune")
    ohne.update(kommune=kommune)


class Migration(migrations.Migration):
    dependencies = [
        ("aktionsplan", "0007_versionen_historie_kommune"),
    ]

    operations = [
        migrations.RunPython(kommune_setzen, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="plan",
            name="kommune",
            field=models.ForeignKey(
                help_text="Die Kommune, der der Plan gehört.",
                on_delete=models.deletion.PROTECT,
                related_name="plaene_der_kommune",
                to="aktionsplan.raum",
                verbose_name="Kommune",
            ),
        ),
    ]
