"""Existing data gets its owning Kommune (aktionsplan.bereich): areas from their tree, Leitbilder
and participation events of the installation's own Kommune (the rule of
``RaumQuerySet.eigene_kommune``), participation events of a plan from the plan. Every existing
person with a role or staff access keeps the own Kommune as their scope (a membership), so that
adding a second Kommune later changes nothing for them."""

from django.db import migrations
from django.db.models import F


def eigene_kommune(Raum):  # noqa: N803
    return (
        Raum.objects.filter(ebene="kommune")
        .order_by(F("amtlicher_schluessel").asc(nulls_last=True), "pk")
        .first()
    )


def fuellen(apps, schema_editor):
    Raum = apps.get_model("aktionsplan", "Raum")  # noqa: N806
    Raum.objects.filter(ebene="kommune").update(kommune=F("pk"))
    Raum.objects.filter(uebergeordnet__ebene="kommune").exclude(ebene="kommune").update(
        kommune=F("uebergeordnet")
    )
    for raum in Raum.objects.filter(uebergeordnet__uebergeordnet__ebene="kommune").exclude(
        ebene__in=["kommune", "region"]
    ).select_related("uebergeordnet"):
        Raum.objects.filter(pk=raum.pk).update(kommune=raum.uebergeordnet.uebergeordnet_id)
    eigene = eigene_kommune(Raum)
    if eigene is None:
        return
    apps.get_model("aktionsplan", "Leitbild").objects.filter(kommune__isnull=True).update(
        kommune=eigene
    )
    Beteiligungsformat = apps.get_model("aktionsplan", "Beteiligungsformat")  # noqa: N806
    for format_ in Beteiligungsformat.objects.filter(plan__isnull=False).select_related("plan"):
        Beteiligungsformat.objects.filter(pk=format_.pk).update(kommune=format_.plan.kommune_id)
    Beteiligungsformat.objects.filter(kommune__isnull=True).update(kommune=eigene)
    User = apps.get_model("auth", "User")  # noqa: N806
    Zustaendigkeit = apps.get_model("aktionsplan", "Zustaendigkeit")  # noqa: N806
    personen = User.objects.filter(is_superuser=False).exclude(groups=None, is_staff=False)
    Zustaendigkeit.objects.bulk_create(
        [Zustaendigkeit(nutzer_id=pk, kommune=eigene) for pk in personen.values_list("pk", flat=True).distinct()],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("aktionsplan", "0020_mandanten")]

    operations = [migrations.RunPython(fuellen, migrations.RunPython.noop)]
