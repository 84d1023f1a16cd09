"""The three roles of DESIGN.md as Django groups, and the checks views use.

The permission sets are defined once here and applied by a data migration (so every fresh database
has the groups) and by `manage.py demo`.
"""

from collections.abc import Iterable

from django.db.models import Q

LESEN = "Lesen"
REDAKTION = "Redaktion"
DATENPFLEGE = "Datenpflege"
ROLLEN = (LESEN, REDAKTION, DATENPFLEGE)

FACH_APPS = ("aktionsplan", "projekte", "akteure", "monitoring")

# What the Redaktion may write besides reading everything (plan versions too: the Fortschreibung
# pages are theirs, the plans themselves are the Datenpflege's reference data).
REDAKTION_MODELLE = (
    ("projekte", "projektskizze"),
    ("projekte", "projektbeteiligung"),
    ("projekte", "sachstand"),
    ("projekte", "meilenstein"),
    ("projekte", "finanzierung"),
    ("monitoring", "erkenntnis"),
    ("monitoring", "messwert"),
    ("aktionsplan", "beteiligungsformat"),
    ("aktionsplan", "fortschreibung"),
)
# Data stewards also keep users and roles, see every task in the background (aufgaben:
# "alle_sehen"; everyone else sees the tasks they started), answer the feedback and keep the
# accessibility statement (rueckmeldungen; the messages hold personal data: no one else), and keep
# the sign-language videos of the public pages (oeffentlich).
DATENPFLEGE_ZUSATZ_APPS = ("auth", "aufgaben", "rueckmeldungen", "oeffentlich")


def _codenames(Permission, *, apps: Iterable[str], aktionen: Iterable[str] | None = None):  # noqa: N803
    qs = Permission.objects.filter(content_type__app_label__in=list(apps))
    if aktionen is not None:
        qs = qs.filter(
            Q.create([("codename__startswith", f"{a}_") for a in aktionen], connector=Q.OR)
        )
    return qs


def berechtigungen_je_rolle(Permission) -> dict[str, list]:  # noqa: N803
    """Permission rows per role; works with real and with migration-state models."""
    lesen = list(_codenames(Permission, apps=FACH_APPS, aktionen=["view"]))
    schreiben = Q()
    for app_label, model in REDAKTION_MODELLE:
        for aktion in ("add", "change", "delete"):
            schreiben |= Q(content_type__app_label=app_label, codename=f"{aktion}_{model}")
    redaktion = lesen + list(Permission.objects.filter(schreiben))
    datenpflege = list(
        Permission.objects.filter(
            content_type__app_label__in=[*FACH_APPS, *DATENPFLEGE_ZUSATZ_APPS]
        )
    )
    return {LESEN: lesen, REDAKTION: redaktion, DATENPFLEGE: datenpflege}


def rollen_einrichten(*, Group, Permission) -> None:  # noqa: N803 (model classes, also historical ones)
    """Create the groups and set exactly their permissions (idempotent)."""
    for rolle, berechtigungen in berechtigungen_je_rolle(Permission).items():
        gruppe, _ = Group.objects.get_or_create(name=rolle)
        gruppe.permissions.set(berechtigungen)


def rollen_nach_migration(*, apps) -> None:
    """Create missing permissions, then bring the groups up to date.

    Runs in the data migration and after every `migrate` (post_migrate), so a model added later
    (with its view/add/change/delete permissions) is covered by the roles without a new migration.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Migration-state app configs have no models module; create_permissions skips those.
        vorher = getattr(app_config, "models_module", None)
        app_config.models_module = vorher or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = vorher
    rollen_einrichten(
        Group=apps.get_model("auth", "Group"), Permission=apps.get_model("auth", "Permission")
    )


def _gruppen(user) -> frozenset[str]:
    # Cached on the user object for the request: one query however often a page asks.
    if not hasattr(user, "_rollen_cache"):
        user._rollen_cache = frozenset(user.groups.values_list("name", flat=True))
    return user._rollen_cache


def rollenschluessel(user) -> str:
    """The roles of ``user`` as a short key (for parts of pages cached per role): people with the
    same key see the same page. No query beyond the one ``_gruppen`` caches for the request."""
    if not user.is_authenticated or not user.is_active:
        return "-"
    if user.is_superuser:
        return "*"
    return ",".join(sorted(_gruppen(user)))


def hat_rolle(user, *rollen: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(_gruppen(user).intersection(rollen))


def ist_datenpflege(user) -> bool:
    return hat_rolle(user, DATENPFLEGE)


def darf_bearbeiten(user) -> bool:
    return hat_rolle(user, REDAKTION, DATENPFLEGE)


def darf_lesen(user) -> bool:
    return hat_rolle(user, LESEN, REDAKTION, DATENPFLEGE)
